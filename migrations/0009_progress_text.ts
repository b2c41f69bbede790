/**
 * The text an announcement's progress message shows now, so that it is edited only when the text
 * changes, also across restarts (Telegram refuses an edit to the same text).
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("announcements").addColumn("progress_text", "text").execute();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("announcements").dropColumn("progress_text").execute();
  });
}
