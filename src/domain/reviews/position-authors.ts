/**
 * Who gave a state's current position on a card: a coordinator and an alternate answer for the
 * same state, and the one whose answer is replaced by the other's is told.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

/** The person behind the state's latest position on the item, or null when it has none yet. */
export async function lastPositionAuthor(
  db: Kysely<Database>,
  roundId: number,
  itemId: number,
  stateCode: string,
): Promise<number | null> {
  const row = await db
    .selectFrom("review_positions")
    .select("person_id")
    .where("round_id", "=", roundId)
    .where("item_id", "=", itemId)
    .where("state_code", "=", stateCode)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.person_id ?? null;
}
