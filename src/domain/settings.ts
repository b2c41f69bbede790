/**
 * Small facts the process keeps between runs (the bot's username, one-time notices).
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

export async function getSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value;
}

export async function setSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}

/** Sets the key only if it was absent; true when this call set it. */
export async function claimSetting(db: Kysely<Database>, key: string, value: string): Promise<boolean> {
  const result = await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
