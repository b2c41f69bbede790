/**
 * `npm run bench`: runs the benchmarks and prints their figures, one per line, the bare runner echo
 * bot's beside the bot's where there is one. Not a test: nothing here passes or fails; the figures
 * go into the README. `node dist/bench/run.js <group>` runs one group: latency, throughput,
 * broadcast, announcements, reminders, memory, documents, ops.
 */
import { cpus, totalmem } from "node:os";
import { announcementFigures } from "./announcement-delivery.js";
import { broadcastFigures } from "./broadcast.js";
import { documentFigures } from "./documents.js";
import { memoryFigures } from "./memory.js";
import { opsCostFigures } from "./ops-cost.js";
import { reminderFigures } from "./reminders.js";
import { latencyFigures } from "./reply-latency.js";
import { throughputFigures } from "./throughput.js";

const GROUPS: Record<string, (log: (line: string) => void) => Promise<void>> = {
  latency: latencyFigures,
  throughput: throughputFigures,
  broadcast: broadcastFigures,
  announcements: announcementFigures,
  reminders: reminderFigures,
  memory: memoryFigures,
  documents: documentFigures,
  ops: opsCostFigures,
};

const only = process.argv[2];
if (only !== undefined && !(only in GROUPS)) {
  process.stderr.write(`unknown group "${only}"; one of: ${Object.keys(GROUPS).join(", ")}\n`);
  process.exit(2);
}
const log = (line: string) => process.stdout.write(`${line}\n`);
log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
for (const [group, figures] of Object.entries(GROUPS)) {
  if (!only || only === group) await figures(log);
}
