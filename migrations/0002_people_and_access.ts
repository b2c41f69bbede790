/**
 * People, invitations, the audit log, and the bot's own bookkeeping
 * (persisted conversations, seen update ids, settings, failed invitation attempts).
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("people")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("telegram_id", "integer", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("telegram_username", "text")
      .addColumn("role", "text", (c) =>
        c.notNull().check(sql`role IN ('coordinator', 'alternate', 'observer', 'secretariat')`),
      )
      .addColumn("state_code", "text", (c) => c.references("states.code"))
      .addColumn("org_code", "text", (c) => c.references("organisations.code"))
      .addColumn("language", "text")
      .addColumn("time_zone", "text")
      .addColumn("joined_at", "integer", (c) => c.notNull())
      .addColumn("last_seen_at", "integer", (c) => c.notNull())
      .addColumn("deactivated_at", "integer")
      .addColumn("bot_blocked_at", "integer")
      .addCheckConstraint(
        "people_affiliation",
        sql`(role = 'secretariat' AND state_code IS NULL AND org_code IS NULL)
          OR (role IN ('coordinator', 'alternate') AND state_code IS NOT NULL AND org_code IS NULL)
          OR (role = 'observer' AND ((state_code IS NULL) <> (org_code IS NULL)))`,
      )
      .execute();
    await trx.schema.createIndex("people_by_state").on("people").columns(["state_code", "role"]).execute();

    await trx.schema
      .createTable("invitations")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("code_hash", "text", (c) => c.notNull().unique())
      .addColumn("code_hint", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) =>
        c.notNull().check(sql`role IN ('coordinator', 'alternate', 'observer', 'secretariat')`),
      )
      .addColumn("state_code", "text", (c) => c.references("states.code"))
      .addColumn("org_code", "text", (c) => c.references("organisations.code"))
      .addColumn("created_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "integer", (c) => c.notNull())
      .addColumn("expires_at", "integer", (c) => c.notNull())
      .addColumn("used_at", "integer")
      .addColumn("used_by", "integer", (c) => c.references("people.id"))
      .addColumn("revoked_at", "integer")
      .addColumn("revoked_by", "integer", (c) => c.references("people.id"))
      .execute();

    await trx.schema
      .createTable("audit_log")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("at", "integer", (c) => c.notNull())
      .addColumn("actor_id", "integer", (c) => c.references("people.id"))
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
      .execute();
    await trx.schema.createIndex("audit_by_subject").on("audit_log").columns(["subject", "at"]).execute();

    await trx.schema
      .createTable("conversation_states")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("updated_at", "integer", (c) => c.notNull())
      .execute();

    await trx.schema
      .createTable("processed_updates")
      .addColumn("update_id", "integer", (c) => c.primaryKey())
      .addColumn("received_at", "integer", (c) => c.notNull())
      .execute();

    await trx.schema
      .createTable("settings")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .execute();

    await trx.schema
      .createTable("failed_invitation_attempts")
      .addColumn("telegram_id", "integer", (c) => c.notNull())
      .addColumn("at", "integer", (c) => c.notNull())
      .execute();
    await trx.schema
      .createIndex("failed_attempts_by_sender")
      .on("failed_invitation_attempts")
      .columns(["telegram_id", "at"])
      .execute();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [
      "failed_invitation_attempts",
      "settings",
      "processed_updates",
      "conversation_states",
      "audit_log",
      "invitations",
      "people",
    ]) {
      await trx.schema.dropTable(table).execute();
    }
  });
}
