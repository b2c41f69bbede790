/**
 * The outbox: every message the bot sends on its own (announcements, invitations, reminders,
 * nudges, digests) is one row here, with a due time and an idempotency key.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("outbox")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("source", "text")
      .addColumn("person_id", "integer", (c) => c.references("people.id"))
      .addColumn("chat_id", "integer", (c) => c.notNull())
      .addColumn("content", "text", (c) => c.notNull())
      .addColumn("due_at", "integer", (c) => c.notNull())
      .addColumn("expires_at", "integer")
      .addColumn("status", "text", (c) =>
        c
          .notNull()
          .defaultTo("pending")
          .check(sql`status IN ('pending', 'sending', 'sent', 'blocked', 'failed', 'cancelled')`),
      )
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("last_error", "text")
      .addColumn("telegram_message_id", "integer")
      .addColumn("created_at", "integer", (c) => c.notNull())
      .addColumn("updated_at", "integer", (c) => c.notNull())
      .addColumn("claimed_at", "integer")
      .addColumn("sent_at", "integer")
      .execute();
    await trx.schema.createIndex("outbox_due").on("outbox").columns(["status", "due_at"]).execute();
    await trx.schema.createIndex("outbox_by_source").on("outbox").columns(["source", "status"]).execute();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("outbox").execute();
  });
}
