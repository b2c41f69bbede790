/**
 * What the secretariat's daily digest says about review rounds: open rounds whose deadline falls
 * within the horizon, and the taking-part states that have not finished.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { unfinishedStates } from "./positions.js";
import type { Round } from "./rounds.js";

export interface RoundDigestEntry {
  round: Round;
  unfinished: string[];
}

export async function roundDigest(
  db: Kysely<Database>,
  now: number,
  horizonMs: number,
): Promise<RoundDigestEntry[]> {
  const rounds = await db
    .selectFrom("review_rounds")
    .selectAll()
    .where("status", "=", "open")
    .where("deadline_at", ">", now)
    .where("deadline_at", "<=", now + horizonMs)
    .orderBy("deadline_at")
    .execute();
  return Promise.all(
    rounds.map(async (round) => ({ round, unfinished: await unfinishedStates(db, round.id) })),
  );
}
