/**
 * The application assembled: database, bot, outbox dispatcher and tick, ready to start and stop.
 * `main.ts` runs it as a process; benchmarks and tests assemble it in-process.
 */
import { Api, HttpError } from "grammy";
import { syncAllMenus } from "./bot/commands.js";
import type { BotDeps } from "./bot/context.js";
import { type CreateBotOptions, createBot } from "./bot/create-bot.js";
import { createTranslations } from "./bot/i18n.js";
import { buildRenderers } from "./bot/renderers.js";
import type { Config } from "./config.js";
import { type OpenedDatabase, openDatabase } from "./db/database.js";
import { migrateToLatest } from "./db/migrate.js";
import { lockDatabase } from "./db/process-lock.js";
import { countActiveSecretariat, markBotBlocked } from "./domain/people/people.js";
import { seedFoundingRound } from "./domain/reviews/import.js";
import { setSetting } from "./domain/settings.js";
import type { Logger } from "./logger.js";
import { describeError } from "./logger.js";
import { createOperations, type Operations } from "./ops/operations.js";
import type { Clock } from "./outbox/clock.js";
import { Dispatcher } from "./outbox/dispatcher.js";
import { Scheduler } from "./outbox/scheduler.js";
import { SendBudget } from "./outbox/send-budget.js";
import { periodicJobs } from "./periodic-jobs.js";
import { operatorProblem, TelegramConnection } from "./telegram-connection.js";

/** How long to wait before asking an unreachable Bot API again. */
const RETRY_MS = 5_000;

export interface App extends OpenedDatabase {
  deps: BotDeps;
  bot: ReturnType<typeof createBot>["bot"];
  inFlight: ReturnType<typeof createBot>["inFlight"];
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  connection: TelegramConnection;
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
  options: CreateBotOptions = {},
): Promise<App> {
  // One process per database, before anything touches it (see process-lock.ts).
  const lock = lockDatabase(config.databasePath);
  const opened = openDatabase(config.databasePath);
  const ops = createOperations({ config, sqlite: opened.sqlite, clock, logger });
  const applied = await migrateToLatest(opened.db);
  logger.info({ applied, database: config.databasePath }, "database ready");

  const translations = await createTranslations(config.defaultLanguage);
  const deps: BotDeps = { config, db: opened.db, clock, logger, translations, wakeOutbox: () => {} };
  const connection = new TelegramConnection(config.apiRoot, logger);
  const budget = new SendBudget({
    perSecond: config.outboxRatePerSecond,
    chatIntervalMs: config.outboxChatIntervalMs,
  });
  const { bot, inFlight } = createBot(deps, {
    ...options,
    budget,
    apiTransformers: [connection.transformer(), ...ops.apiObservers, ...(options.apiTransformers ?? [])],
    middleware: [...ops.updateObservers, ...(options.middleware ?? [])],
  });
  const outboxApi = new Api(config.botToken, { apiRoot: config.apiRoot });
  outboxApi.config.use(connection.transformer(), ...ops.apiObservers);
  const dispatcher = new Dispatcher({
    db: opened.db,
    api: outboxApi,
    clock,
    logger,
    renderers: buildRenderers(deps),
    onBlocked: (chatId, at) => markBotBlocked(opened.db, chatId, at),
    budget,
    perSecond: config.outboxRatePerSecond,
  });
  deps.wakeOutbox = () => dispatcher.wake();
  const scheduler = new Scheduler(clock, logger);
  scheduler.add({ name: "outbox wake-up", cron: "* * * * * *", run: () => dispatcher.wake() });
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
    connection,
    ops,
    async startBackground() {
      await initWhenReachable(bot, config.apiRoot);
      await setSetting(opened.db, "bot_username", bot.botInfo.username);
      await noteMissingSecretariat(deps);
      await seedFoundingRound(opened.db, clock.now());
      syncAllMenus(bot.api, opened.db, translations, config.defaultLanguage, logger).catch((error) =>
        logger.warn({ err: describeError(error) }, "command menus not set"),
      );
      await dispatcher.start();
      scheduler.start();
      await ops.start();
    },
    async close() {
      await scheduler.stop();
      await inFlight.idle();
      await dispatcher.stop();
      await ops.close();
      await opened.db.destroy();
      lock.release();
    },
  };
}

/**
 * With nobody in the secretariat yet, the operator is told how to make the first invitation. No
 * invitation is made here: a link in the log would let anyone who reads the log in.
 */
async function noteMissingSecretariat(deps: BotDeps): Promise<void> {
  if ((await countActiveSecretariat(deps.db)) > 0) return;
  deps.logger.warn(
    "no secretariat member yet: make the first invitation with `npm run admin -- invite --role secretariat` and open its link in Telegram",
  );
}

/** getMe until it answers: while the Bot API cannot be reached, the connection warns and this retries. */
async function initWhenReachable(bot: App["bot"], apiRoot: string): Promise<void> {
  for (;;) {
    try {
      await bot.init();
      return;
    } catch (error) {
      const problem = operatorProblem(error, apiRoot);
      if (problem) throw problem;
      if (!(error instanceof HttpError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
