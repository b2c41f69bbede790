/**
 * The states' answers in a round: one position per state per item, recorded by the state's
 * coordinator or an alternate. A later answer supersedes the earlier one by being appended after
 * it: the current position is the latest row, and the history (who, when, what) is never rewritten.
 * Comments and proposed wordings are kept apart from positions: a state may support an item and
 * still propose better wording, and observers comment without recording any position.
 */
import type { Kysely, Selectable } from "kysely";
import type {
  CommentKind,
  PositionValue,
  ReviewCommentsTable,
  ReviewPositionsTable,
} from "../../db/schema/reviews.js";
import type { Database } from "../../db/schema.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { isBlank } from "../free-text.js";
import { actsForState, type Person } from "../people/people.js";
import {
  acceptsAnswers,
  countCards,
  MAX_REVIEW_TEXT,
  participants,
  type ReviewItem,
  type Round,
  requireRound,
  roundSubject,
} from "./rounds.js";

export type PositionRow = Selectable<ReviewPositionsTable>;
export type CommentRow = Selectable<ReviewCommentsTable>;
export const POSITION_VALUES: readonly PositionValue[] = ["support", "object", "abstain"];

/** How a person takes part in a round: for their state, or as an observer (comments only). */
export interface ReviewAccess {
  round: Round;
  kind: "state" | "observer";
  stateCode: string | null;
}

/**
 * What the person may do in the round, re-checked on every press: a coordinator or alternate
 * of a state taking part, or an observer. Drafts do not exist for reviewers.
 */
export async function accessFor(
  db: Kysely<Database>,
  person: Person,
  roundId: number,
): Promise<ReviewAccess> {
  const round = await requireRound(db, roundId);
  if (round.status === "draft") throw new DomainError("review.round_not_found");
  if (person.role === "observer") return { round, kind: "observer", stateCode: person.state_code };
  if (!actsForState(person) || !person.state_code) throw new DomainError("not_allowed");
  if (!(await participants(db, roundId)).includes(person.state_code))
    throw new DomainError("review.not_participant");
  return { round, kind: "state", stateCode: person.state_code };
}

/** The card, if it belongs to the round; a forged pair is refused. */
export async function requireCard(
  db: Kysely<Database>,
  roundId: number,
  itemId: number,
): Promise<ReviewItem> {
  const item = Number.isSafeInteger(itemId)
    ? await db
        .selectFrom("review_items")
        .selectAll()
        .where("id", "=", itemId)
        .where("round_id", "=", roundId)
        .executeTakeFirst()
    : undefined;
  if (!item) throw new DomainError("button_invalid");
  return item;
}

/**
 * Checks, without recording, that the person may now give a position (`position`) or write a
 * comment or proposed wording on the card: the same refusals as recording, asked before a text step.
 */
export async function assertCanAnswer(
  db: Kysely<Database>,
  person: Person,
  input: { roundId: number; itemId: number; what: "position" | CommentKind },
  now: number,
): Promise<ReviewAccess> {
  const access = await accessFor(db, person, input.roundId);
  if (access.kind === "observer" && input.what !== "comment")
    throw new DomainError("review.observer_no_position");
  await requireCard(db, input.roundId, input.itemId);
  if (!acceptsAnswers(access.round, now)) throw new DomainError("review.read_only");
  return access;
}

/** The text trimmed; "" when nothing visible is in it (only spaces or invisible characters). */
function cleanText(text: string | null | undefined): string {
  if (isBlank(text)) return "";
  const trimmed = (text ?? "").trim();
  if (trimmed.length > MAX_REVIEW_TEXT)
    throw new DomainError("review.text_too_long", { max: MAX_REVIEW_TEXT, length: trimmed.length });
  return trimmed;
}

/**
 * Records the state's position on one card. An objection needs its reason; support and
 * abstention carry none. Refused for observers, other states, forged cards, and after the deadline.
 */
export async function recordPosition(
  db: Kysely<Database>,
  person: Person,
  input: { roundId: number; itemId: number; position: PositionValue; reason?: string | null },
  now: number,
): Promise<PositionRow> {
  if (!POSITION_VALUES.includes(input.position)) throw new DomainError("button_invalid");
  return db.transaction().execute(async (trx) => {
    const access = await accessFor(trx, person, input.roundId);
    if (access.kind === "observer") throw new DomainError("review.observer_no_position");
    const item = await requireCard(trx, input.roundId, input.itemId);
    if (!acceptsAnswers(access.round, now)) throw new DomainError("review.read_only");
    let reason: string | null = null;
    if (input.position === "object") {
      reason = cleanText(input.reason);
      if (reason === "") throw new DomainError("review.reason_required");
    }
    const row = await trx
      .insertInto("review_positions")
      .values({
        round_id: input.roundId,
        item_id: item.id,
        state_code: access.stateCode ?? "",
        person_id: person.id,
        person_role: person.role,
        position: input.position,
        reason,
        at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      at: now,
      actorId: person.id,
      action: "review.position",
      subject: roundSubject(input.roundId),
      details: { item: item.id, state: access.stateCode, position: input.position, reason, row: row.id },
    });
    return row;
  });
}

/**
 * Adds a comment or a proposed wording to a card. Coordinators and alternates write for their
 * state; observers may comment (not propose wording) and their comments are shown apart.
 */
export async function addComment(
  db: Kysely<Database>,
  person: Person,
  input: { roundId: number; itemId: number; kind: CommentKind; text: string },
  now: number,
): Promise<CommentRow> {
  if (input.kind !== "comment" && input.kind !== "amendment") throw new DomainError("button_invalid");
  return db.transaction().execute(async (trx) => {
    const access = await accessFor(trx, person, input.roundId);
    if (access.kind === "observer" && input.kind !== "comment")
      throw new DomainError("review.observer_no_position");
    const item = await requireCard(trx, input.roundId, input.itemId);
    if (!acceptsAnswers(access.round, now)) throw new DomainError("review.read_only");
    const text = cleanText(input.text);
    if (text === "") throw new DomainError("review.text_required");
    const row = await trx
      .insertInto("review_comments")
      .values({
        round_id: input.roundId,
        item_id: item.id,
        person_id: person.id,
        person_role: person.role,
        state_code: person.state_code,
        org_code: person.org_code,
        kind: input.kind,
        text,
        at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      at: now,
      actorId: person.id,
      action: `review.${input.kind}`,
      subject: roundSubject(input.roundId),
      details: { item: item.id, state: person.state_code, org: person.org_code, row: row.id },
    });
    return row;
  });
}

/** The current position of every state on every card: the latest row per (card, state). */
export async function currentPositions(db: Kysely<Database>, roundId: number): Promise<PositionRow[]> {
  return db
    .selectFrom("review_positions")
    .selectAll()
    .where("round_id", "=", roundId)
    .where("id", "in", (eb) =>
      eb
        .selectFrom("review_positions")
        .select((e) => e.fn.max("id").as("id"))
        .where("round_id", "=", roundId)
        .groupBy(["item_id", "state_code"]),
    )
    .orderBy("id")
    .execute();
}

/** One state's current positions by card id. */
export async function statePositions(
  db: Kysely<Database>,
  roundId: number,
  stateCode: string,
): Promise<Map<number, PositionRow>> {
  const rows = await db
    .selectFrom("review_positions")
    .selectAll()
    .where("round_id", "=", roundId)
    .where("state_code", "=", stateCode)
    .orderBy("id")
    .execute();
  return new Map(rows.map((r) => [r.item_id, r]));
}

export interface StateProgress {
  answered: number;
  total: number;
  /** The ordinal of the first card without a position, or null when every card has one. */
  firstUnanswered: number | null;
}

/** How far a state has come: where it resumes is derived from the database, so restarts lose nothing. */
export async function stateProgress(
  db: Kysely<Database>,
  roundId: number,
  stateCode: string,
): Promise<StateProgress> {
  const items = await db
    .selectFrom("review_items")
    .select(["id", "ordinal"])
    .where("round_id", "=", roundId)
    .orderBy("ordinal")
    .execute();
  const positions = await statePositions(db, roundId, stateCode);
  const open = items.filter((i) => !positions.has(i.id));
  return {
    answered: items.length - open.length,
    total: items.length,
    firstUnanswered: open[0]?.ordinal ?? null,
  };
}

/** The states taking part that have not answered every card ("not finished"). */
export async function unfinishedStates(db: Kysely<Database>, roundId: number): Promise<string[]> {
  const total = await countCards(db, roundId);
  const answered = await db
    .selectFrom("review_positions")
    .select(["state_code", (eb) => eb.fn.count<number>("item_id").distinct().as("n")])
    .where("round_id", "=", roundId)
    .groupBy("state_code")
    .execute();
  const counts = new Map(answered.map((r) => [r.state_code, Number(r.n)]));
  return (await participants(db, roundId)).filter((code) => (counts.get(code) ?? 0) < total);
}

/**
 * The state confirms the summary of its positions. Only when every card has a position;
 * positions stay changeable until the deadline, and a later confirmation is simply appended.
 */
export async function confirmCompletion(
  db: Kysely<Database>,
  person: Person,
  roundId: number,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const access = await accessFor(trx, person, roundId);
    if (access.kind === "observer" || !access.stateCode) throw new DomainError("review.observer_no_position");
    if (!acceptsAnswers(access.round, now)) throw new DomainError("review.read_only");
    const progress = await stateProgress(trx, roundId, access.stateCode);
    if (progress.firstUnanswered !== null)
      throw new DomainError("review.not_all_answered", { left: progress.total - progress.answered });
    await trx
      .insertInto("review_completions")
      .values({ round_id: roundId, state_code: access.stateCode, person_id: person.id, at: now })
      .execute();
    await audit(trx, {
      at: now,
      actorId: person.id,
      action: "review.completed",
      subject: roundSubject(roundId),
      details: { state: access.stateCode },
    });
  });
}

/** When each state last confirmed its summary. */
export async function completions(db: Kysely<Database>, roundId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("review_completions")
    .select(["state_code", "at"])
    .where("round_id", "=", roundId)
    .orderBy("id")
    .execute();
  return new Map(rows.map((r) => [r.state_code, r.at]));
}

/** The open rounds a person can review: those of their state, or every open round for an observer. */
export async function reviewableRounds(db: Kysely<Database>, person: Person): Promise<Round[]> {
  let query = db
    .selectFrom("review_rounds")
    .selectAll("review_rounds")
    .where("review_rounds.status", "=", "open");
  if (person.role === "observer") return query.orderBy("review_rounds.id").execute();
  if (!actsForState(person) || !person.state_code) return [];
  query = query
    .innerJoin("review_participants", "review_participants.round_id", "review_rounds.id")
    .where("review_participants.state_code", "=", person.state_code);
  return query.orderBy("review_rounds.id").execute();
}

/** Comments and proposed wordings on a round, oldest first. */
export async function roundComments(db: Kysely<Database>, roundId: number): Promise<CommentRow[]> {
  return db.selectFrom("review_comments").selectAll().where("round_id", "=", roundId).orderBy("id").execute();
}
