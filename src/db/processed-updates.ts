/**
 * The record of update ids already handled, so an update Telegram delivers twice acts once.
 */
import type { Kysely } from "kysely";
import { compiledOnce } from "./compiled-query.js";
import { groupCommitOf } from "./group-commit.js";
import type { Database } from "./schema.js";

const recordUpdate = compiledOnce([-1, -2] as [number, number], (db, updateId, receivedAt) =>
  db
    .insertInto("processed_updates")
    .values({ update_id: updateId, received_at: receivedAt })
    .onConflict((oc) => oc.column("update_id").doNothing()),
);

/** Records the update id; false when it was already recorded (a repeat). Runs on every update. */
export function firstDelivery(db: Kysely<Database>, updateId: number, now: number): Promise<boolean> {
  // Group commit (see group-commit.ts): the ids of updates arriving together share a transaction,
  // and the handler starts only once its id is on disk.
  return groupCommitOf(db).run(
    async (trx) => Number((await recordUpdate(trx, updateId, now)).numAffectedRows ?? 0) > 0,
  );
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
