/**
 * The process: config -> database -> migrations -> bot -> scheduler -> shutdown.
 */
import "dotenv/config";
import { createServer, type Server } from "node:http";
import type { RunnerHandle } from "@grammyjs/runner";
import { webhookCallback } from "grammy";
import { createApp } from "./app.js";
import { describeError } from "./bot/middlewares/update-scope.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { ProcessLockHeld } from "./db/process-lock.js";
import { createLogger } from "./logger.js";
import { type Clock, fileClock, systemClock } from "./outbox/clock.js";
import { startPolling } from "./polling.js";
import { blockEventLoopOnce } from "./test-seams.js";

/**
 * Updates handled at once (the runner's default is 500). Each update in flight holds its garbage
 * alive; with fewer at once it dies young and the collector's work drops. Measured over loopback:
 * 500 → 64 took a mixed load from ~820 to ~640 µs of CPU per update, with more updates per second.
 */
const HANDLERS_AT_ONCE = 64;
/** The next getUpdates waits for this many free places: half (see polling.ts). */
const FETCH_WHEN_FREE = 32;

const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error:\n${error.message}\n(see .env.example)\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, [config.botToken]);
  const clock: Clock = config.clockFile ? fileClock(config.clockFile) : systemClock;
  const app = await createApp(config, clock, logger);
  await app.startBackground();
  const { bot } = app;
  logger.info({ username: bot.botInfo.username, mode: config.mode }, "bot starting");

  let runner: RunnerHandle | undefined;
  let server: Server | undefined;
  if (config.mode === "polling") {
    await bot.api.deleteWebhook();
    runner = startPolling(bot, {
      concurrency: HANDLERS_AT_ONCE,
      fetchWhenFree: FETCH_WHEN_FREE,
      allowedUpdates: ALLOWED_UPDATES,
      onError: (error) => logger.error({ err: describeError(error) }, "error handler failed"),
    });
  } else {
    const handle = webhookCallback(bot, "http", {
      secretToken: config.webhookSecret,
      timeoutMilliseconds: 9_000,
    });
    server = createServer((req, res) => {
      if (req.method === "POST") void handle(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server?.listen(config.port, resolve));
    await bot.api.setWebhook(config.webhookUrl ?? "", {
      secret_token: config.webhookSecret,
      allowed_updates: ALLOWED_UPDATES,
    });
    logger.info({ port: config.port }, "webhook listening");
  }
  logger.info("bot running");
  blockEventLoopOnce(config.testBlockEventLoopMs, logger);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: app.inFlight.running }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      // The runner's stop resolves before handlers finish; app.close waits for them.
      if (runner?.isRunning()) await runner.stop();
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      await app.close();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: describeError(error) }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ProcessLockHeld) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
