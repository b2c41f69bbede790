/**
 * Meetings and participation: meetings with their titles per language, the invited states and
 * organisations, each party's current answer with its delegation, and the history of answers.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("meetings")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("uid", "text", (c) => c.notNull().unique())
      .addColumn("kind", "text", (c) =>
        c.notNull().check(sql`kind IN ('coordinators', 'ministerial', 'steering', 'other')`),
      )
      .addColumn("time_zone", "text", (c) => c.notNull())
      .addColumn("starts_at", "integer", (c) => c.notNull())
      .addColumn("ends_at", "integer", (c) => c.notNull())
      .addColumn("venue", "text")
      .addColumn("online_url", "text")
      .addColumn("rsvp_deadline_at", "integer", (c) => c.notNull())
      .addColumn("reminder_leads", "text", (c) => c.notNull().defaultTo("[]"))
      .addColumn("status", "text", (c) =>
        c.notNull().defaultTo("scheduled").check(sql`status IN ('scheduled', 'cancelled')`),
      )
      .addColumn("sequence", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "integer", (c) => c.notNull())
      .addColumn("updated_at", "integer", (c) => c.notNull())
      .addCheckConstraint("meetings_times", sql`ends_at > starts_at AND rsvp_deadline_at <= starts_at`)
      .addCheckConstraint("meetings_place", sql`venue IS NOT NULL OR online_url IS NOT NULL`)
      .execute();
    await trx.schema
      .createIndex("meetings_by_start")
      .on("meetings")
      .columns(["status", "starts_at"])
      .execute();

    await trx.schema
      .createTable("meeting_titles")
      .addColumn("meeting_id", "integer", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
      .addColumn("lang", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("meeting_titles_pk", ["meeting_id", "lang"])
      .execute();

    await trx.schema
      .createTable("meeting_invitees")
      .addColumn("meeting_id", "integer", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
      .addColumn("party_kind", "text", (c) => c.notNull().check(sql`party_kind IN ('state', 'org')`))
      .addColumn("party_code", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("meeting_invitees_pk", ["meeting_id", "party_kind", "party_code"])
      .execute();

    await trx.schema
      .createTable("rsvps")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("meeting_id", "integer", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
      .addColumn("party_kind", "text", (c) => c.notNull().check(sql`party_kind IN ('state', 'org')`))
      .addColumn("party_code", "text", (c) => c.notNull())
      .addColumn("attendance", "text", (c) =>
        c.notNull().check(sql`attendance IN ('in_person', 'online', 'declined')`),
      )
      .addColumn("answered_by", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("answered_at", "integer", (c) => c.notNull())
      .addUniqueConstraint("rsvps_one_per_party", ["meeting_id", "party_kind", "party_code"])
      .execute();

    await trx.schema
      .createTable("rsvp_history")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("meeting_id", "integer", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
      .addColumn("party_kind", "text", (c) => c.notNull())
      .addColumn("party_code", "text", (c) => c.notNull())
      .addColumn("attendance", "text", (c) => c.notNull())
      .addColumn("delegation", "text", (c) => c.notNull().defaultTo("[]"))
      .addColumn("answered_by", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("answered_at", "integer", (c) => c.notNull())
      .execute();
    await trx.schema
      .createIndex("rsvp_history_by_party")
      .on("rsvp_history")
      .columns(["meeting_id", "party_kind", "party_code", "id"])
      .execute();

    await trx.schema
      .createTable("delegation_members")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("rsvp_id", "integer", (c) => c.notNull().references("rsvps.id").onDelete("cascade"))
      .addColumn("ordinal", "integer", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("function", "text", (c) => c.notNull())
      .addColumn("mode", "text", (c) => c.notNull().check(sql`mode IN ('in_person', 'online')`))
      .addUniqueConstraint("delegation_members_order", ["rsvp_id", "ordinal"])
      .execute();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [
      "delegation_members",
      "rsvp_history",
      "rsvps",
      "meeting_invitees",
      "meeting_titles",
      "meetings",
    ]) {
      await trx.schema.dropTable(table).execute();
    }
  });
}
