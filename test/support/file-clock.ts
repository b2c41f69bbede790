/**
 * The test clock of the real process (see test-main.ts): time as a file says it is.
 */
import { readFileSync, statSync } from "node:fs";
import type { Clock } from "../../src/outbox/clock.js";

/**
 * A clock for tests of the real process: the file holds an ISO instant; time flows on from it
 * at normal speed from the moment the file was written (its modification time, so that a process
 * started again later does not turn the clock back to the instant written). Checked on every
 * reading (a stat call), so a test that moves the clock is seen by the very next update.
 */
export function fileClock(path: string): Clock {
  let mtimeMs = -1;
  let base = 0;
  let wallAtBase = 0;
  const refresh = () => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs === mtimeMs) return;
    const instant = Date.parse(readFileSync(path, "utf8").trim());
    if (Number.isNaN(instant)) return;
    mtimeMs = stat.mtimeMs;
    base = instant;
    wallAtBase = stat.mtimeMs;
  };
  return {
    now() {
      refresh();
      return mtimeMs < 0 ? Date.now() : base + (Date.now() - wallAtBase);
    },
  };
}
