/**
 * The one clock the process reads. Nothing else calls `Date.now()`, so tests can move time (the
 * tests' entry point gives the process a clock read from a file: test/support/file-clock.ts).
 */
export interface Clock {
  /** Milliseconds since the epoch, UTC. */
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

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
