/**
 * The application assembled: database, bot, outbox dispatcher and tick, ready to start and stop.
 * `main.ts` runs it as a process; benchmarks and tests assemble it in-process.
 */
import { Api } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { botApiClientOptions } from "./bot/bot-api-http.js";
import { syncAllMenus } from "./bot/commands.js";
import type { BotDeps } from "./bot/context.js";
import { createBot } from "./bot/create-bot.js";
import { createTranslations } from "./bot/i18n.js";
import { describeError } from "./bot/middlewares/update-scope.js";
import { buildRenderers } from "./bot/renderers.js";
import type { Config } from "./config.js";
import { startCheckpointer } from "./db/checkpointer.js";
import { type OpenedDatabase, openDatabase } from "./db/database.js";
import { migrateToLatest } from "./db/migrate.js";
import { lockDatabase } from "./db/process-lock.js";
import { createInvitation, deepLink } from "./domain/invitations.js";
import { countActiveSecretariat } from "./domain/people.js";
import { seedFoundingRound } from "./domain/reviews/import.js";
import { setSetting } from "./domain/settings.js";
import type { Logger } from "./logger.js";
import { createOperations, type Operations } from "./ops/operations.js";
import type { Clock } from "./outbox/clock.js";
import { Dispatcher } from "./outbox/dispatcher.js";
import { Scheduler } from "./outbox/scheduler.js";
import { periodicJobs } from "./periodic-jobs.js";

export interface App extends OpenedDatabase {
  deps: BotDeps;
  bot: ReturnType<typeof createBot>["bot"];
  inFlight: ReturnType<typeof createBot>["inFlight"];
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  ops: Operations;
  /** Starts the outbox and the tick (the update source is the caller's: runner or webhook). */
  startBackground(): Promise<void>;
  /** Stops the tick and the outbox, waits for handlers, closes the database. */
  close(): Promise<void>;
}

export async function createApp(
  config: Config,
  clock: Clock,
  logger: Logger,
  options: { botInfo?: UserFromGetMe } = {},
): Promise<App> {
  // One process per database, before anything touches it (see process-lock.ts).
  const lock = lockDatabase(config.databasePath);
  const opened = openDatabase(config.databasePath);
  const checkpointer =
    config.databasePath === ":memory:"
      ? undefined
      : startCheckpointer(opened.sqlite, config.databasePath, {
          onProblem: (problem) => logger.warn({ problem }, "WAL checkpoints"),
        });
  const ops = createOperations({ config, sqlite: opened.sqlite, clock, logger });
  const applied = await migrateToLatest(opened.db);
  logger.info({ applied, database: config.databasePath }, "database ready");

  const translations = await createTranslations(config.defaultLanguage);
  const deps: BotDeps = { config, db: opened.db, clock, logger, translations, wakeOutbox: () => {} };
  const { bot, inFlight } = createBot(deps, {
    ...options,
    apiObservers: ops.apiObservers,
    updateObservers: ops.updateObservers,
  });
  const outboxApi = new Api(config.botToken, botApiClientOptions(config.apiRoot));
  outboxApi.config.use(...ops.apiObservers);
  const dispatcher = new Dispatcher({
    db: opened.db,
    api: outboxApi,
    clock,
    logger,
    renderers: buildRenderers(deps),
    perSecond: config.outboxRatePerSecond,
    chatIntervalMs: config.outboxChatIntervalMs,
  });
  deps.wakeOutbox = () => dispatcher.wake();
  const scheduler = new Scheduler(clock, logger, () => dispatcher.wake());
  for (const job of periodicJobs(deps, bot.api)) scheduler.add(job);
  for (const job of ops.jobs) scheduler.add(job);
  dispatcher.onSettled(ops.onOutboxSettled);

  return {
    ...opened,
    deps,
    bot,
    inFlight,
    dispatcher,
    scheduler,
    ops,
    async startBackground() {
      await bot.init();
      await setSetting(opened.db, "bot_username", bot.botInfo.username);
      await bootstrapSecretariat(deps, bot.botInfo.username);
      await seedFoundingRound(opened.db, clock.now());
      syncAllMenus(bot.api, opened.db, translations, config.defaultLanguage, logger).catch((error) =>
        logger.warn({ err: describeError(error) }, "command menus not set"),
      );
      await dispatcher.start();
      scheduler.start();
      await ops.start();
    },
    async close() {
      await ops.close();
      await scheduler.stop();
      await inFlight.idle();
      await dispatcher.stop();
      await checkpointer?.stop();
      await opened.db.destroy();
      lock.release();
    },
  };
}

/** With nobody in the secretariat yet, the operator needs a way in: a one-time link in the log. */
async function bootstrapSecretariat(deps: BotDeps, username: string): Promise<void> {
  const { db, config, clock, logger } = deps;
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
