/**
 * 0005: review rounds. A round is a document (title, intro, outro per language) of cards (an item,
 * or one sub-item of an item), opened to chosen states with a deadline. Positions, comments,
 * completions and "passed to government" confirmations are append-only histories: the current
 * value is always the latest row, and no row is ever updated or deleted.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("review_rounds")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("source_key", "text", (c) => c.unique())
      .addColumn("status", "text", (c) =>
        c.notNull().defaultTo("draft").check(sql`status IN ('draft', 'open', 'closed')`),
      )
      .addColumn("deadline_at", "integer")
      .addColumn("deadline_set_at", "integer")
      .addColumn("nudge_leads", "text", (c) => c.notNull().defaultTo("[259200000,86400000]"))
      .addColumn("created_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "integer", (c) => c.notNull())
      .addColumn("opened_by", "integer", (c) => c.references("people.id"))
      .addColumn("opened_at", "integer")
      .addColumn("closed_by", "integer", (c) => c.references("people.id"))
      .addColumn("closed_at", "integer")
      .addColumn("close_reason", "text", (c) => c.check(sql`close_reason IN ('deadline', 'early')`))
      .addColumn("outcome", "text", (c) => c.check(sql`outcome IN ('adopted', 'not_adopted')`))
      .addColumn("outcome_by", "integer", (c) => c.references("people.id"))
      .addColumn("outcome_at", "integer")
      .execute();
    await trx.schema.createIndex("review_rounds_by_status").on("review_rounds").column("status").execute();

    await trx.schema
      .createTable("review_round_texts")
      .addColumn("round_id", "integer", (c) => c.notNull().references("review_rounds.id"))
      .addColumn("lang", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("intro", "text")
      .addColumn("outro", "text")
      .addPrimaryKeyConstraint("review_round_texts_pk", ["round_id", "lang"])
      .execute();

    await trx.schema
      .createTable("review_items")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("round_id", "integer", (c) => c.notNull().references("review_rounds.id"))
      .addColumn("ordinal", "integer", (c) => c.notNull())
      .addColumn("item_number", "integer", (c) => c.notNull())
      .addColumn("sub_index", "integer")
      .addUniqueConstraint("review_items_order", ["round_id", "ordinal"])
      .execute();

    await trx.schema
      .createTable("review_item_texts")
      .addColumn("item_id", "integer", (c) => c.notNull().references("review_items.id"))
      .addColumn("lang", "text", (c) => c.notNull())
      .addColumn("letter", "text")
      .addColumn("lead", "text")
      .addColumn("text", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("review_item_texts_pk", ["item_id", "lang"])
      .execute();

    await trx.schema
      .createTable("review_participants")
      .addColumn("round_id", "integer", (c) => c.notNull().references("review_rounds.id"))
      .addColumn("state_code", "text", (c) => c.notNull().references("states.code"))
      .addPrimaryKeyConstraint("review_participants_pk", ["round_id", "state_code"])
      .execute();

    await trx.schema
      .createTable("review_positions")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("round_id", "integer", (c) => c.notNull().references("review_rounds.id"))
      .addColumn("item_id", "integer", (c) => c.notNull().references("review_items.id"))
      .addColumn("state_code", "text", (c) => c.notNull().references("states.code"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("person_role", "text", (c) => c.notNull())
      .addColumn("position", "text", (c) =>
        c.notNull().check(sql`position IN ('support', 'object', 'abstain')`),
      )
      .addColumn("reason", "text")
      .addColumn("at", "integer", (c) => c.notNull())
      .addCheckConstraint("review_positions_reason", sql`position <> 'object' OR reason IS NOT NULL`)
      .execute();
    await trx.schema
      .createIndex("review_positions_by_item_state")
      .on("review_positions")
      .columns(["round_id", "item_id", "state_code", "id"])
      .execute();

    await trx.schema
      .createTable("review_comments")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("round_id", "integer", (c) => c.notNull().references("review_rounds.id"))
      .addColumn("item_id", "integer", (c) => c.notNull().references("review_items.id"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("person_role", "text", (c) => c.notNull())
      .addColumn("state_code", "text", (c) => c.references("states.code"))
      .addColumn("org_code", "text", (c) => c.references("organisations.code"))
      .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('comment', 'amendment')`))
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("at", "integer", (c) => c.notNull())
      .execute();
    await trx.schema
      .createIndex("review_comments_by_round")
      .on("review_comments")
      .columns(["round_id", "item_id", "id"])
      .execute();

    await trx.schema
      .createTable("review_completions")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("round_id", "integer", (c) => c.notNull().references("review_rounds.id"))
      .addColumn("state_code", "text", (c) => c.notNull().references("states.code"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("at", "integer", (c) => c.notNull())
      .execute();

    await trx.schema
      .createTable("government_confirmations")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("round_id", "integer", (c) => c.notNull().references("review_rounds.id"))
      .addColumn("state_code", "text", (c) => c.notNull().references("states.code"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("passed_on", "text", (c) => c.notNull())
      .addColumn("note", "text")
      .addColumn("at", "integer", (c) => c.notNull())
      .execute();

    await trx.schema
      .createTable("review_card_messages")
      .addColumn("person_id", "integer", (c) => c.primaryKey().references("people.id"))
      .addColumn("round_id", "integer", (c) => c.notNull().references("review_rounds.id"))
      .addColumn("message_id", "integer", (c) => c.notNull())
      .addColumn("updated_at", "integer", (c) => c.notNull())
      .execute();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [
      "review_card_messages",
      "government_confirmations",
      "review_completions",
      "review_comments",
      "review_positions",
      "review_participants",
      "review_item_texts",
      "review_items",
      "review_round_texts",
      "review_rounds",
    ]) {
      await trx.schema.dropTable(table).execute();
    }
  });
}
