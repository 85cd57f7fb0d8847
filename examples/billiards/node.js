// Headless billiards optimisation: node examples/billiards/node.js [--impl rose|rose-cpp] [--steps N]
import { runNode } from "../shared/node-runner.js";
import { createBilliards } from "./model.js";

await runNode({ name: "billiards", defaultSteps: 60, create: (rose) => createBilliards(rose) });
