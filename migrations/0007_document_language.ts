/**
 * The language a person reads official documents in (review rounds exist in Russian and English),
 * chosen on the review card apart from the language of the interface.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("people").addColumn("document_language", "text").execute();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("people").dropColumn("document_language").execute();
  });
}
