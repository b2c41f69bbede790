/**
 * The record of update ids already handled, so an update Telegram delivers twice acts once.
 */
import type { Kysely } from "kysely";
import { compiledOnce } from "./compiled-query.js";
import type { Database } from "./schema.js";

const recordUpdate = compiledOnce([-1, -2] as [number, number], (db, updateId, receivedAt) =>
  db
    .insertInto("processed_updates")
    .values({ update_id: updateId, received_at: receivedAt })
    .onConflict((oc) => oc.column("update_id").doNothing()),
);

interface Waiting {
  updateId: number;
  now: number;
  resolve: (first: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the ids of updates arriving together (the runner hands over a batch at once) are
 * written in one transaction, after which each handler goes on. A commit costs more than the
 * inserts it carries, so under load this saves most of it; alone, an update waits one turn of the
 * event loop. Nothing changes for the guarantee: a handler starts only once its id is on disk.
 */
class DeliveryLog {
  private waiting: Waiting[] = [];

  constructor(private readonly db: Kysely<Database>) {}

  record(updateId: number, now: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ updateId, now, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const firsts = await this.db.transaction().execute(async (trx) => {
        const out: boolean[] = [];
        for (const w of batch)
          out.push(Number((await recordUpdate(trx, w.updateId, w.now)).numAffectedRows ?? 0) > 0);
        return out;
      });
      batch.forEach((w, i) => {
        w.resolve(firsts[i] ?? false);
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}

const logs = new WeakMap<Kysely<Database>, DeliveryLog>();

/** Records the update id; false when it was already recorded (a repeat). Runs on every update. */
export function firstDelivery(db: Kysely<Database>, updateId: number, now: number): Promise<boolean> {
  let log = logs.get(db);
  if (!log) {
    log = new DeliveryLog(db);
    logs.set(db, log);
  }
  return log.record(updateId, now);
}

/** Forgets ids older than `maxAgeMs`: Telegram does not redeliver that late. */
export async function forgetProcessedUpdates(
  db: Kysely<Database>,
  now: number,
  maxAgeMs: number,
): Promise<void> {
  await db
    .deleteFrom("processed_updates")
    .where("received_at", "<", now - maxAgeMs)
    .execute();
}
