// Headless robot training: node examples/robot/node.js [--impl rose|rose-cpp] [--steps N]
import { runNode } from "../shared/node-runner.js";
import { createRobot } from "./model.js";

await runNode({ name: "robot", defaultSteps: 60, create: (rose) => createRobot(rose) });
