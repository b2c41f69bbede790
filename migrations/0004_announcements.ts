/**
 * Announcements: what the secretariat broadcast, in which language versions, to whom,
 * and who acknowledged it. Delivery itself is in the outbox.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("announcements")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("created_by", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("created_at", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('sending', 'done')`))
      .addColumn("audience", "text", (c) => c.notNull())
      .addColumn("ack_requested", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("default_lang", "text", (c) => c.notNull())
      .addColumn("recipients", "integer", (c) => c.notNull())
      .addColumn("progress_chat_id", "integer", (c) => c.notNull())
      .addColumn("progress_message_id", "integer")
      .addColumn("finished_at", "integer")
      .addColumn("resends", "integer", (c) => c.notNull().defaultTo(0))
      .execute();

    await trx.schema
      .createTable("announcement_versions")
      .addColumn("announcement_id", "integer", (c) => c.notNull().references("announcements.id"))
      .addColumn("lang", "text", (c) => c.notNull())
      .addColumn("content", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("announcement_versions_pk", ["announcement_id", "lang"])
      .execute();

    await trx.schema
      .createTable("announcement_acks")
      .addColumn("announcement_id", "integer", (c) => c.notNull().references("announcements.id"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("at", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("announcement_acks_pk", ["announcement_id", "person_id"])
      .execute();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of ["announcement_acks", "announcement_versions", "announcements"]) {
      await trx.schema.dropTable(table).execute();
    }
  });
}
