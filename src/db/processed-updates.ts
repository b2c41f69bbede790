/**
 * The record of update ids already handled, so an update Telegram delivers twice acts once.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/** Records the update id; false when it was already recorded (a repeat). Runs on every update. */
export async function firstDelivery(db: Kysely<Database>, updateId: number, now: number): Promise<boolean> {
  const result = await db
    .insertInto("processed_updates")
    .values({ update_id: updateId, received_at: now })
    .onConflict((oc) => oc.column("update_id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
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
