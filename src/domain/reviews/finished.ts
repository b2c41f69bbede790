/**
 * The round a reviewer last took part in that no longer takes answers (closed, or past its
 * deadline and not yet closed by the tick), so that /review can say how it ended instead of
 * "no round is open".
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { actsForState, type Person } from "../people/people.js";
import { acceptsAnswers, type Round } from "./rounds.js";

/** How long after its end a round is still worth mentioning to someone who asks for /review. */
const RECENT_MS = 90 * 86_400_000;

/** How a finished round ended: at its deadline, or closed early by the secretariat (with when). */
export type RoundEnd = { round: Round; how: "deadline" | "early"; at: number };

/** The most recent round the person reviewed (or could have) that has ended, within 90 days. */
export async function lastEndedRound(
  db: Kysely<Database>,
  person: Person,
  now: number,
): Promise<RoundEnd | undefined> {
  let query = db
    .selectFrom("review_rounds")
    .selectAll("review_rounds")
    .where("review_rounds.status", "in", ["open", "closed"]);
  if (person.role !== "observer") {
    if (!actsForState(person) || !person.state_code) return undefined;
    query = query
      .innerJoin("review_participants", "review_participants.round_id", "review_rounds.id")
      .where("review_participants.state_code", "=", person.state_code);
  }
  const rounds = await query.orderBy("review_rounds.id", "desc").execute();
  const ends = rounds
    .filter((round) => !acceptsAnswers(round, now))
    .map((round): RoundEnd => {
      if (round.close_reason === "early" && round.closed_at !== null)
        return { round, how: "early", at: round.closed_at };
      return { round, how: "deadline", at: round.deadline_at ?? round.closed_at ?? now };
    })
    .filter((end) => now - end.at <= RECENT_MS)
    .sort((a, b) => b.at - a.at);
  return ends[0];
}
