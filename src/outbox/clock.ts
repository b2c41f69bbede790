/**
 * The one clock the process reads. Nothing else calls `Date.now()`: tests move time by
 * pointing `CLOCK_FILE` at a file that holds the instant the process should believe it is.
 */
import { readFileSync, statSync } from "node:fs";

export interface Clock {
  /** Milliseconds since the epoch, UTC. */
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock for tests of the real process: the file holds an ISO instant; time flows on from it
 * at normal speed from the moment the file was written. Checked on every reading (a stat call), so a
 * test that moves the clock is seen by the very next update.
 */
export function fileClock(path: string): Clock {
  let mtimeMs = -1;
  let base = 0;
  let wallAtBase = 0;
  const refresh = () => {
    const wall = Date.now();
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.mtimeMs === mtimeMs) return;
    const instant = Date.parse(readFileSync(path, "utf8").trim());
    if (Number.isNaN(instant)) return;
    mtimeMs = stat.mtimeMs;
    base = instant;
    wallAtBase = wall;
  };
  return {
    now() {
      refresh();
      return mtimeMs < 0 ? Date.now() : base + (Date.now() - wallAtBase);
    },
  };
}

/** A clock a unit test sets by hand. */
export function manualClock(start: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
