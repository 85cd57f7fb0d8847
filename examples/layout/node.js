// Headless layout optimisation: node examples/layout/node.js [--impl rose|rose-cpp] [--steps N]
import { runNode } from "../shared/node-runner.js";
import { createLayout } from "./model.js";

await runNode({ name: "layout", defaultSteps: 300, create: (rose) => createLayout(rose) });
