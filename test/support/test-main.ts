/**
 * The tests' entry point: the same process as `src/main.ts`, with the seams the end-to-end and
 * reliability tests need, each inert unless its variable is set:
 * - CLOCK_FILE: a file holding an ISO instant the process clock reads (time flows on from it);
 *   when the file changes, every periodic job runs at once, as if the time had passed;
 * - TEST_SLOW_HANDLER_MS: the command /test_slow takes this long (a shutdown waits for handlers);
 * - TEST_BLOCK_EVENT_LOOP_MS: the event loop is blocked this long once, a second after start.
 */
import { unwatchFile, watchFile } from "node:fs";
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../../src/bot/context.js";
import type { Logger } from "../../src/logger.js";
import { exitOnFailure, runProcess } from "../../src/process.js";
import { fileClock } from "./file-clock.js";

/** The test-only command the slow-handler seam answers. */
export const SLOW_TEST_COMMAND = "/test_slow";

function slowHandler(ms: number): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (ctx.message?.text !== SLOW_TEST_COMMAND) return next();
    ctx.logger.info({ ms }, "test seam: slow handler started");
    await new Promise((resolve) => setTimeout(resolve, ms));
    await ctx.reply("slow done");
    ctx.logger.info("test seam: slow handler finished");
  };
}

function blockEventLoopOnce(ms: number, logger: Logger, afterMs = 1000): void {
  setTimeout(() => {
    logger.warn({ ms }, "test seam: blocking the event loop");
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // busy on purpose: nothing else runs meanwhile
    }
    logger.warn("test seam: event loop released");
  }, afterMs).unref();
}

const clockFile = process.env.CLOCK_FILE;
const slowMs = Number(process.env.TEST_SLOW_HANDLER_MS ?? 0);
const blockMs = Number(process.env.TEST_BLOCK_EVENT_LOOP_MS ?? 0);

runProcess({
  ...(clockFile ? { clock: fileClock(clockFile) } : {}),
  bot: { middleware: slowMs > 0 ? [slowHandler(slowMs)] : [] },
  onRunning(app, logger) {
    if (blockMs > 0) blockEventLoopOnce(blockMs, logger);
    if (clockFile) {
      watchFile(clockFile, { interval: 50 }, () => void app.scheduler.runAll());
      process.on("exit", () => unwatchFile(clockFile));
    }
  },
}).catch(exitOnFailure);
