/**
 * After a round is closed, the secretariat records whether it was adopted. When it is, each state
 * that took part is asked, through its coordinator, to confirm that the recommendations were passed
 * to its government (as the 2012 text asks every representative to do): a date and an optional note.
 * Confirmations are appended; the latest per state is the one the tally shows.
 */
import type { Kysely, Selectable } from "kysely";
import type { GovernmentConfirmationsTable } from "../../db/schema/reviews.js";
import type { Database } from "../../db/schema.js";
import { enqueue } from "../../outbox/queue.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { isBlank } from "../free-text.js";
import { actsForState, isSecretariat, type Person } from "../people/people.js";
import { calendarDay } from "./local-time.js";
import {
  MAX_REVIEW_TEXT,
  participants,
  REVIEW_RENDERERS,
  requireRound,
  reviewers,
  roundSubject,
} from "./rounds.js";

export type GovernmentConfirmation = Selectable<GovernmentConfirmationsTable>;

/**
 * The coordinators of the states taking part; for a state without an active coordinator, its
 * alternates, so that every state is asked.
 */
export async function stateContacts(db: Kysely<Database>, roundId: number) {
  const people = await reviewers(db, roundId);
  const withCoordinator = new Set(people.filter((p) => p.role === "coordinator").map((p) => p.state_code));
  return people.filter((p) => p.role === "coordinator" || !withCoordinator.has(p.state_code));
}

/**
 * Records the outcome of a closed round, once. When adopted, queues the "passed to government"
 * request to each state taking part.
 * @returns how many requests were queued
 */
export async function decideOutcome(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  adopted: boolean,
  now: number,
): Promise<{ requested: number }> {
  if (!isSecretariat(actor)) throw new DomainError("not_allowed");
  return db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    if (round.status !== "closed") throw new DomainError(`review.round_is_${round.status}`);
    if (round.outcome !== null) throw new DomainError("review.outcome_decided");
    await trx
      .updateTable("review_rounds")
      .set({ outcome: adopted ? "adopted" : "not_adopted", outcome_by: actor.id, outcome_at: now })
      .where("id", "=", roundId)
      .execute();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: adopted ? "review.adopted" : "review.not_adopted",
      subject: roundSubject(roundId),
    });
    if (!adopted) return { requested: 0 };
    const contacts = await stateContacts(trx, roundId);
    await enqueue(
      trx,
      contacts.map((p) => ({
        key: `review:${roundId}:government:person:${p.id}`,
        kind: "review.government_request",
        source: roundSubject(roundId),
        personId: p.id,
        chatId: p.telegram_id,
        content: { type: "render", renderer: REVIEW_RENDERERS.government, params: { roundId } },
        dueAt: now,
      })),
      now,
    );
    return { requested: contacts.length };
  });
}

/**
 * Checks that the person may confirm for their state now and, given a day, that the day fits:
 * not in the future (in the person's zone) and not before the round opened.
 */
export async function assertCanConfirm(
  db: Kysely<Database>,
  person: Person,
  input: { roundId: number; passedOn?: string | null; timeZone: string },
  now: number,
) {
  if (!actsForState(person) || !person.state_code) throw new DomainError("not_allowed");
  const stateCode = person.state_code;
  const round = await requireRound(db, input.roundId);
  if (round.outcome !== "adopted") throw new DomainError("review.not_adopted");
  if (!(await participants(db, round.id)).includes(stateCode))
    throw new DomainError("review.not_participant");
  const day = input.passedOn;
  if (day !== undefined && day !== null) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new DomainError("review.date_invalid");
    if (day > calendarDay(now, input.timeZone)) throw new DomainError("review.date_in_future");
    if (round.opened_at !== null && day < calendarDay(round.opened_at, input.timeZone))
      throw new DomainError("review.date_before_round");
  }
  return { round, stateCode };
}

/**
 * The state's coordinator (or an alternate) confirms the day the recommendations were passed to
 * the government. The day may not be in the future (in the person's zone) nor before the round opened.
 */
export async function confirmPassedToGovernment(
  db: Kysely<Database>,
  person: Person,
  input: { roundId: number; passedOn: string; note: string | null; timeZone: string },
  now: number,
): Promise<GovernmentConfirmation> {
  const note = isBlank(input.note) ? null : (input.note?.trim() ?? null);
  if (note && note.length > MAX_REVIEW_TEXT)
    throw new DomainError("review.text_too_long", { max: MAX_REVIEW_TEXT, length: note.length });
  return db.transaction().execute(async (trx) => {
    const { round, stateCode } = await assertCanConfirm(trx, person, input, now);
    const row = await trx
      .insertInto("government_confirmations")
      .values({
        round_id: round.id,
        state_code: stateCode,
        person_id: person.id,
        passed_on: input.passedOn,
        note,
        at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      at: now,
      actorId: person.id,
      action: "review.passed_to_government",
      subject: roundSubject(round.id),
      details: { state: stateCode, passedOn: input.passedOn, row: row.id },
    });
    return row;
  });
}

/** Each state's latest confirmation. */
export async function governmentConfirmations(
  db: Kysely<Database>,
  roundId: number,
): Promise<Map<string, GovernmentConfirmation>> {
  const rows = await db
    .selectFrom("government_confirmations")
    .selectAll()
    .where("round_id", "=", roundId)
    .orderBy("id")
    .execute();
  return new Map(rows.map((r) => [r.state_code, r]));
}
