/**
 * Counts handlers in flight, so a shutdown can wait for them before closing the database: the
 * runner's `stop()` resolves once polling stops, while handlers may still be running.
 */
import type { Context, MiddlewareFn } from "grammy";

export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  middleware(): MiddlewareFn<Context> {
    return async (_ctx, next) => {
      this.count++;
      try {
        await next();
      } finally {
        this.count--;
        if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
      }
    };
  }

  get running(): number {
    return this.count;
  }

  /** Resolves when no handler is running. */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
