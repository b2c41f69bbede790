/**
 * Which chat message is a person's live review card. The card is one message edited in place;
 * when a newer card message is sent, buttons on the older one are stale and change nothing.
 * Kept in the database so that a restart does not turn a live card into a stale one.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

/** Makes `messageId` the person's live card (for `roundId`). */
export async function rememberCardMessage(
  db: Kysely<Database>,
  personId: number,
  roundId: number,
  messageId: number,
  now: number,
): Promise<{ previous: number | null }> {
  const before = await db
    .selectFrom("review_card_messages")
    .select("message_id")
    .where("person_id", "=", personId)
    .executeTakeFirst();
  await db
    .insertInto("review_card_messages")
    .values({ person_id: personId, round_id: roundId, message_id: messageId, updated_at: now })
    .onConflict((oc) =>
      oc.column("person_id").doUpdateSet({ round_id: roundId, message_id: messageId, updated_at: now }),
    )
    .execute();
  const previous = before?.message_id ?? null;
  return { previous: previous === messageId ? null : previous };
}

/** True when the pressed message is the person's live card. */
export async function isLiveCard(
  db: Kysely<Database>,
  personId: number,
  messageId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom("review_card_messages")
    .select("message_id")
    .where("person_id", "=", personId)
    .executeTakeFirst();
  return row?.message_id === messageId;
}
