/**
 * The bot's entry point (`npm start`): the process as `process.ts` describes it, on the machine's clock.
 */
import { exitOnFailure, runProcess } from "./process.js";

runProcess().catch(exitOnFailure);
