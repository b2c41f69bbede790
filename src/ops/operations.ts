/**
 * The operator's side of the process in one piece: the health and metrics server with the hooks
 * that feed it, and the daily backup. Each part is off until its setting is given (`HEALTH_PORT`,
 * `BACKUP_DIR`), and then costs nothing on the update path but a counter or two.
 *
 * Wiring (app.ts): create it after the database is open; give `apiObservers` to createBot (they
 * go innermost, before auto-retry) and to the outbox's API client; `updateObservers` go right
 * after the error boundary; `onOutboxSettled` to `dispatcher.onSettled`; `jobs` to the scheduler;
 * `start()` once the bot is ready and `close()` before the database closes.
 */
import type SQLite from "better-sqlite3";
import type { Context, MiddlewareFn, Transformer } from "grammy";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Clock } from "../outbox/clock.js";
import type { PeriodicJob } from "../outbox/scheduler.js";
import { dailyBackupJobs } from "./daily-backup.js";
import { type HealthReport, healthCheck, outboxCounter } from "./health.js";
import { type HealthServer, startHealthServer } from "./health-server.js";
import { Liveness } from "./liveness.js";
import { BotMetrics } from "./metrics.js";
import { observeUpdates, recordApiCalls, recordOutboxOutcomes } from "./observers.js";

export interface Operations {
  /** Present while the health server is on. */
  readonly metrics: BotMetrics | undefined;
  readonly liveness: Liveness;
  readonly apiObservers: readonly Transformer[];
  readonly updateObservers: readonly MiddlewareFn<Context>[];
  readonly onOutboxSettled: (row: { kind: string }, status: string) => void;
  readonly jobs: readonly PeriodicJob[];
  /** Starts the health server (when on); the port it listens on, or undefined. */
  start(): Promise<number | undefined>;
  close(): Promise<void>;
}

export function createOperations(o: {
  config: Config;
  sqlite: SQLite.Database;
  clock: Clock;
  logger: Logger;
}): Operations {
  const { config, sqlite, clock, logger } = o;
  const liveness = new Liveness();
  // Made in start(), after the migrations: the check prepares its query then.
  let check: (() => HealthReport) | undefined;
  const metrics =
    config.healthPort === undefined
      ? undefined
      : new BotMetrics({
          outboxRowsByStatus: outboxCounter(sqlite),
          healthy: () => check?.().healthy ?? false,
        });
  const jobs: PeriodicJob[] = [];
  if (config.backupDir) {
    jobs.push(
      ...dailyBackupJobs({
        sqlite,
        databasePath: config.databasePath,
        dir: config.backupDir,
        time: config.backupTime,
        timeZone: config.defaultTimeZone,
        keep: config.backupKeep,
        logger,
        onOutcome: ({ ok, at }) => metrics?.backupDone(ok, at),
      }),
    );
  }
  let server: HealthServer | undefined;
  return {
    metrics,
    liveness,
    apiObservers: metrics ? [recordApiCalls(metrics, liveness)] : [],
    updateObservers: metrics ? [observeUpdates(metrics, liveness)] : [],
    onOutboxSettled: metrics ? recordOutboxOutcomes(metrics) : () => {},
    jobs,
    async start() {
      if (config.healthPort === undefined || !metrics) return undefined;
      check = healthCheck({
        sqlite,
        databasePath: config.databasePath,
        liveness,
        mode: config.mode,
        staleSeconds: config.healthStaleSeconds,
        now: () => clock.now(),
      });
      server = await startHealthServer({
        host: config.healthHost,
        port: config.healthPort,
        check,
        metrics,
        logger,
      });
      return server.port;
    },
    async close() {
      await server?.close();
      server = undefined;
    },
  };
}
