/**
 * The process: config -> database -> migrations -> bot -> scheduler -> shutdown.
 */
import "dotenv/config";
import { createServer, type Server } from "node:http";
import { type RunnerHandle, run } from "@grammyjs/runner";
import { webhookCallback } from "grammy";
import { syncAllMenus } from "./bot/commands.js";
import { createBot } from "./bot/create-bot.js";
import { createTranslations } from "./bot/i18n.js";
import { describeError } from "./bot/middlewares/update-scope.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/database.js";
import { migrateToLatest } from "./db/migrate.js";
import { createInvitation, deepLink } from "./domain/invitations.js";
import { countActiveSecretariat } from "./domain/people.js";
import { setSetting } from "./domain/settings.js";
import { createLogger, type Logger } from "./logger.js";
import { type Clock, fileClock, systemClock } from "./outbox/clock.js";

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

  const { db, sqlite } = openDatabase(config.databasePath);
  const applied = await migrateToLatest(db);
  logger.info({ applied, database: config.databasePath }, "database ready");

  const translations = await createTranslations(config.defaultLanguage);
  const { bot, inFlight } = createBot({ config, db, clock, logger, translations });
  await bot.init();
  await setSetting(db, "bot_username", bot.botInfo.username);
  logger.info({ username: bot.botInfo.username, mode: config.mode }, "bot starting");

  await bootstrapSecretariat(config, db, clock, logger, bot.botInfo.username);
  syncAllMenus(bot.api, db, translations, config.defaultLanguage, logger).catch((error) =>
    logger.warn({ err: describeError(error) }, "command menus not set"),
  );

  let runner: RunnerHandle | undefined;
  let server: Server | undefined;
  if (config.mode === "polling") {
    await bot.api.deleteWebhook();
    runner = run(bot, {
      runner: {
        fetch: { allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"] },
      },
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
    await bot.api.setWebhook(config.webhookUrl ?? "", { secret_token: config.webhookSecret });
    logger.info({ port: config.port }, "webhook listening");
  }
  logger.info("bot running");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: inFlight.running }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      if (runner?.isRunning()) await runner.stop();
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      await inFlight.idle();
      await db.destroy();
      sqlite.close();
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

/** With nobody in the secretariat yet, the operator needs a way in: a one-time link in the log. */
async function bootstrapSecretariat(
  config: Config,
  db: Parameters<typeof countActiveSecretariat>[0],
  clock: Clock,
  logger: Logger,
  username: string,
): Promise<void> {
  if ((await countActiveSecretariat(db)) > 0) return;
  const { code, invitation } = await createInvitation(db, {
    role: "secretariat",
    stateCode: null,
    orgCode: null,
    createdBy: null,
    ttlDays: config.invitationTtlDays,
    now: clock.now(),
  });
  logger.warn(
    { invitation: invitation.id, link: deepLink(username, code) },
    "no secretariat member yet: open this single-use link in Telegram to become the first one",
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
