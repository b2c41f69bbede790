/**
 * `npm run bench`: runs the benchmarks and prints their figures, one per line. Not a test:
 * nothing here passes or fails; the figures go into the README. `node dist/bench/run.js <group>`
 * runs one group: updates, loopback, announcements, reminders, memory, ops.
 */
import { cpus, totalmem } from "node:os";
import { announcementFigures } from "./announcement-delivery.js";
import { loopbackFigures } from "./loopback.js";
import { memoryFigures } from "./memory.js";
import { opsCostFigures } from "./ops-cost.js";
import { reminderFigures } from "./reminders.js";
import { inProcessFigures } from "./update-handling.js";

const only = process.argv[2];
const log = (line: string) => process.stdout.write(`${line}\n`);
const wanted = (group: string) => !only || only === group;

log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
if (wanted("updates")) await inProcessFigures(log);
if (wanted("loopback")) await loopbackFigures(log);
if (wanted("announcements")) await announcementFigures(log);
if (wanted("reminders")) await reminderFigures(log);
if (wanted("memory")) await memoryFigures(log);
if (wanted("ops")) await opsCostFigures(log);
