/**
 * Test-only seams of the real process, inert unless their variable is set (see `.env.example`):
 * a deliberately slow command, to prove a shutdown waits for handlers in flight, and a one-off
 * blocked event loop, to prove the outbox and the tick recover from a stall. Nothing else uses them.
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "./bot/context.js";
import type { Logger } from "./logger.js";

/** The test-only command the slow-handler seam answers. */
export const SLOW_TEST_COMMAND = "/test_slow";

/** With `ms` > 0, `/test_slow` sleeps `ms` then answers "slow done"; with 0 this is never installed. */
export function slowHandlerSeam(ms: number): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (ctx.message?.text !== SLOW_TEST_COMMAND) return next();
    ctx.logger.info({ ms }, "test seam: slow handler started");
    await new Promise((resolve) => setTimeout(resolve, ms));
    await ctx.reply("slow done");
    ctx.logger.info("test seam: slow handler finished");
  };
}

/** With `ms` > 0, blocks the event loop once, `afterMs` from now (a synchronous busy wait). */
export function blockEventLoopOnce(ms: number, logger: Logger, afterMs = 1000): void {
  if (ms <= 0) return;
  setTimeout(() => {
    logger.warn({ ms }, "test seam: blocking the event loop");
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // busy on purpose: nothing else runs meanwhile
    }
    logger.warn("test seam: event loop released");
  }, afterMs).unref();
}
