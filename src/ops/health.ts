/**
 * What /healthz reports: the database answers (and is still the file the bot opened), updates
 * still reach the bot, and how much the outbox has due. Unhealthy, with the reasons, when the
 * database does not answer or polling has not succeeded for longer than the threshold.
 */
import { statSync } from "node:fs";
import type SQLite from "better-sqlite3";
import type { Liveness } from "./liveness.js";

export interface HealthReport {
  healthy: boolean;
  /** Why it is not healthy (empty when it is). */
  reasons: string[];
  database: { reachable: boolean };
  updates: { mode: "polling" | "webhook"; secondsSinceLastSuccess: number; everReached: boolean };
  outbox: { due: number; oldestDueSeconds: number } | null;
}

export interface HealthSources {
  sqlite: SQLite.Database;
  databasePath: string;
  liveness: Liveness;
  mode: "polling" | "webhook";
  /** Polling not succeeding for longer than this is unhealthy. */
  staleSeconds: number;
  /** The process clock (outbox due times are in it). */
  now: () => number;
}

type FileIdentity = { dev: number; ino: number } | undefined;

function identity(path: string): FileIdentity {
  if (path === ":memory:") return undefined;
  const s = statSync(path);
  return { dev: s.dev, ino: s.ino };
}

/** Builds the check (call it after the migrations); call the result per request. */
export function healthCheck(sources: HealthSources): () => HealthReport {
  const opened = identity(sources.databasePath);
  let due: SQLite.Statement | undefined;
  return () => {
    const reasons: string[] = [];
    let outbox: HealthReport["outbox"] = null;
    try {
      if (opened) {
        let now: FileIdentity;
        try {
          now = identity(sources.databasePath);
        } catch {
          throw new Error(
            `the database file ${sources.databasePath} is gone (moved or deleted while the bot runs)`,
          );
        }
        if (now?.ino !== opened.ino || now.dev !== opened.dev)
          throw new Error(
            `the database file ${sources.databasePath} was replaced while the bot runs; restart the bot`,
          );
      }
      const at = sources.now();
      due ??= sources.sqlite.prepare(
        "SELECT count(*) AS n, min(due_at) AS oldest FROM outbox WHERE status = 'pending' AND due_at <= ?",
      );
      const row = due.get(at) as { n: number; oldest: number | null };
      outbox = {
        due: row.n,
        oldestDueSeconds: row.oldest === null ? 0 : Math.max(0, (at - row.oldest) / 1000),
      };
    } catch (error) {
      reasons.push(`database: ${error instanceof Error ? error.message : String(error)}`);
    }
    const seconds = sources.liveness.secondsSince();
    if (sources.mode === "polling" && seconds > sources.staleSeconds)
      reasons.push(
        `polling: no successful getUpdates for ${Math.round(seconds)} s (threshold ${sources.staleSeconds} s)`,
      );
    return {
      healthy: reasons.length === 0,
      reasons,
      database: { reachable: outbox !== null },
      updates: {
        mode: sources.mode,
        secondsSinceLastSuccess: Math.round(seconds * 10) / 10,
        everReached: sources.liveness.everReached,
      },
      outbox: outbox && { due: outbox.due, oldestDueSeconds: Math.round(outbox.oldestDueSeconds) },
    };
  };
}

/** Outbox rows by status, for the metrics (prepared on first use: after the migrations). */
export function outboxCounter(sqlite: SQLite.Database): () => Record<string, number> {
  let query: SQLite.Statement | undefined;
  return () => {
    query ??= sqlite.prepare("SELECT status, count(*) AS n FROM outbox GROUP BY status");
    const counts: Record<string, number> = {};
    for (const row of query.all() as { status: string; n: number }[]) counts[row.status] = row.n;
    return counts;
  };
}
