/**
 * `npm run bench`: runs the benchmarks and prints their figures, one per line. Not a test:
 * nothing here passes or fails; the figures go into the README.
 */
import { cpus, totalmem } from "node:os";
import { announcementFigures } from "./announcement-delivery.js";

const only = process.argv[2];
const log = (line: string) => process.stdout.write(`${line}\n`);

log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
if (!only || only === "announcements") await announcementFigures(log);
