/**
 * The process: config -> database -> migrations -> bot -> scheduler -> updates (polling or webhook)
 * -> graceful shutdown. `main.ts` runs it as is; the tests' entry point runs it with a test clock.
 */
import "dotenv/config";
import { createServer, type Server } from "node:http";
import { type RunnerHandle, run } from "@grammyjs/runner";
import { webhookCallback } from "grammy";
import { type App, createApp } from "./app.js";
import type { CreateBotOptions } from "./bot/create-bot.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { createLogger, describeError, type Logger } from "./logger.js";
import { isOperatorError } from "./operator-error.js";
import { type Clock, systemClock } from "./outbox/clock.js";
import { operatorProblem } from "./telegram-connection.js";

const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

/** Waits this long for handlers and sends in flight at shutdown, then exits anyway. */
const SHUTDOWN_GRACE_MS = 20_000;

export interface ProcessOptions {
  /** The clock every part of the process reads; the machine's by default. */
  clock?: Clock;
  bot?: CreateBotOptions;
  /** Called once updates are being received. */
  onRunning?: (app: App, logger: Logger) => void;
}

/** Runs the bot until SIGTERM or SIGINT; exits the process. */
export async function runProcess(options: ProcessOptions = {}): Promise<void> {
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
  let app: App;
  try {
    app = await createApp(config, options.clock ?? systemClock, logger, options.bot);
    await app.startBackground();
  } catch (error) {
    stopOnFailure(logger, error);
  }
  const { bot } = app;
  logger.info({ username: bot.botInfo.username, mode: config.mode }, "bot starting");

  let runner: RunnerHandle | undefined;
  let server: Server | undefined;
  if (config.mode === "polling") {
    await bot.api.deleteWebhook();
    runner = run(bot, {
      // Network failures are retried every few seconds for as long as they last (the connection
      // warns meanwhile); a refused token or a second poller ends polling (below).
      runner: {
        fetch: { allowed_updates: ALLOWED_UPDATES },
        silent: true,
        retryInterval: 5_000,
        maxRetryTime: Number.POSITIVE_INFINITY,
      },
    });
  } else {
    server = await listenForWebhook(app, config);
    logger.info({ port: config.port }, "webhook listening");
  }
  logger.info("bot running");
  options.onRunning?.(app, logger);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: app.inFlight.running }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
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
  runner?.task()?.catch(async (error: unknown) => {
    if (stopping) return;
    stopping = true;
    const problem = operatorProblem(error, config.apiRoot);
    logger.fatal(
      problem ? problem.message : { err: describeError(error) },
      problem ? undefined : "polling stopped",
    );
    await app.close().catch(() => undefined);
    process.exit(1);
  });
}

/** Stops the process at start: an operator's problem in one line, anything else with its stack. */
function stopOnFailure(logger: Logger, error: unknown): never {
  if (isOperatorError(error)) logger.fatal(error.message);
  else logger.fatal({ err: describeError(error) }, "could not start");
  process.exit(1);
}

/** Webhook mode: a local HTTP server for Telegram's calls, then the webhook set to the public URL. */
async function listenForWebhook(app: App, config: Config): Promise<Server> {
  const handle = webhookCallback(app.bot, "http", {
    secretToken: config.webhookSecret,
    timeoutMilliseconds: 9_000,
  });
  const server = createServer((req, res) => {
    if (req.method === "POST") void handle(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  await app.bot.api.setWebhook(config.webhookUrl ?? "", {
    secret_token: config.webhookSecret,
    allowed_updates: ALLOWED_UPDATES,
  });
  return server;
}

/** Reports a failure before logging is set up (an operator's problem in one line) and exits non-zero. */
export function exitOnFailure(error: unknown): never {
  const text = isOperatorError(error)
    ? error.message
    : error instanceof Error
      ? (error.stack ?? error.message)
      : String(error);
  process.stderr.write(`Fatal: ${text}\n`);
  process.exit(1);
}
