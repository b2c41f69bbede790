/**
 * Review rounds as the secretariat handles them: the document and its cards in each language,
 * the states taking part, the deadline and nudge lead times, opening (which queues the
 * invitations) and closing early. Every change is audited in its own transaction.
 */
import type { Kysely, Selectable } from "kysely";
import type { ReviewItemsTable, ReviewRoundsTable } from "../../db/schema/reviews.js";
import type { Database } from "../../db/schema.js";
import { cancelPending, enqueue } from "../../outbox/queue.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { isSecretariat, type Person } from "../people.js";

export type Round = Selectable<ReviewRoundsTable>;
export type ReviewItem = Selectable<ReviewItemsTable>;

const HOUR = 3_600_000;
/** Deadlines are entered in Almaty time, where the secretariat sits. */
export const REVIEW_TIME_ZONE = "Asia/Almaty";
/** Unfinished states are nudged 3 days and 1 day before the deadline unless the round says otherwise. */
export const DEFAULT_NUDGE_LEADS_MS: readonly number[] = [72 * HOUR, 24 * HOUR];
/** Objection reasons, comments and proposed wordings: at most this many characters. */
export const MAX_REVIEW_TEXT = 2000;
/** Names of the outbox renderers for what this capability queues (implemented in the bot). */
export const REVIEW_RENDERERS = {
  invitation: "review.invitation",
  nudge: "review.nudge",
  deadlineChanged: "review.deadline_changed",
  closed: "review.closed",
  government: "review.government_request",
} as const;

/** The audit subject and outbox source of a round. */
export function roundSubject(roundId: number): string {
  return `review_round:${roundId}`;
}

export async function getRound(db: Kysely<Database>, id: number): Promise<Round | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  return db.selectFrom("review_rounds").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The round, or a refusal that it does not exist. */
export async function requireRound(db: Kysely<Database>, id: number): Promise<Round> {
  const round = await getRound(db, id);
  if (!round) throw new DomainError("review.round_not_found");
  return round;
}

/** The round's nudge lead times in milliseconds, largest first. */
export function nudgeLeads(round: Pick<Round, "nudge_leads">): number[] {
  try {
    const parsed: unknown = JSON.parse(round.nudge_leads);
    if (Array.isArray(parsed))
      return parsed.filter((v): v is number => typeof v === "number" && v > 0).sort((a, b) => b - a);
  } catch {
    // a malformed value means no nudges rather than a crash of the tick
  }
  return [];
}

/** True once the deadline has come, whether or not the tick has closed the round yet. */
export function isPastDeadline(round: Pick<Round, "deadline_at">, now: number): boolean {
  return round.deadline_at !== null && now >= round.deadline_at;
}

/** Positions and comments are accepted only while the round is open and before its deadline. */
export function acceptsAnswers(round: Pick<Round, "status" | "deadline_at">, now: number): boolean {
  return round.status === "open" && !isPastDeadline(round, now);
}

/** The language to show: the wanted one, else English, else Russian, else any the round has. */
export function pickLanguage(available: readonly string[], wanted: string): string | undefined {
  for (const lang of [wanted, "en", "ru"]) if (available.includes(lang)) return lang;
  return available[0];
}

export interface RoundText {
  lang: string;
  title: string;
  intro: string | null;
  outro: string | null;
}

export async function roundTexts(db: Kysely<Database>, roundId: number): Promise<RoundText[]> {
  return db
    .selectFrom("review_round_texts")
    .select(["lang", "title", "intro", "outro"])
    .where("round_id", "=", roundId)
    .orderBy("lang")
    .execute();
}

/** The round's title and intro in the language closest to `lang`. */
export async function roundText(db: Kysely<Database>, roundId: number, lang: string): Promise<RoundText> {
  const texts = await roundTexts(db, roundId);
  const chosen = pickLanguage(
    texts.map((t) => t.lang),
    lang,
  );
  return texts.find((t) => t.lang === chosen) ?? { lang, title: `#${roundId}`, intro: null, outro: null };
}

/** One card as shown: the item or sub-item's text in one language, with its label ("7б"). */
export interface CardView {
  id: number;
  ordinal: number;
  itemNumber: number;
  subIndex: number | null;
  label: string;
  /** The sub-item's letter in the shown language, null for a whole item. */
  letter: string | null;
  lead: string | null;
  text: string;
}

/** The round's cards in order, each in the language closest to `lang`. */
export async function listCards(db: Kysely<Database>, roundId: number, lang: string): Promise<CardView[]> {
  const items = await db
    .selectFrom("review_items")
    .selectAll()
    .where("round_id", "=", roundId)
    .orderBy("ordinal")
    .execute();
  if (items.length === 0) return [];
  const texts = await db
    .selectFrom("review_item_texts")
    .selectAll()
    .where(
      "item_id",
      "in",
      items.map((i) => i.id),
    )
    .execute();
  return items.map((item) => {
    const own = texts.filter((t) => t.item_id === item.id);
    const chosen = own.find(
      (t) =>
        t.lang ===
        pickLanguage(
          own.map((o) => o.lang),
          lang,
        ),
    );
    return {
      id: item.id,
      ordinal: item.ordinal,
      itemNumber: item.item_number,
      subIndex: item.sub_index,
      label: `${item.item_number}${chosen?.letter ?? ""}`,
      letter: chosen?.letter ?? null,
      lead: chosen?.lead ?? null,
      text: chosen?.text ?? "",
    };
  });
}

export async function countCards(db: Kysely<Database>, roundId: number): Promise<number> {
  const row = await db
    .selectFrom("review_items")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("round_id", "=", roundId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The states taking part, in the fixed order of states. */
export async function participants(db: Kysely<Database>, roundId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("review_participants")
    .innerJoin("states", "states.code", "review_participants.state_code")
    .select("review_participants.state_code")
    .where("review_participants.round_id", "=", roundId)
    .orderBy("states.sort_order")
    .execute();
  return rows.map((r) => r.state_code);
}

export interface RoundListing extends Round {
  title: string;
  cards: number;
  states: number;
}

/** Every round, newest first, titled in `lang`, for the secretariat's list. */
export async function listRounds(db: Kysely<Database>, lang: string): Promise<RoundListing[]> {
  const rounds = await db.selectFrom("review_rounds").selectAll().orderBy("id", "desc").execute();
  return Promise.all(
    rounds.map(async (round) => ({
      ...round,
      title: (await roundText(db, round.id, lang)).title,
      cards: await countCards(db, round.id),
      states: (await participants(db, round.id)).length,
    })),
  );
}

function assertSecretariat(actor: Person): void {
  if (!isSecretariat(actor)) throw new DomainError("not_allowed");
}

function assertStatus(round: Round, ...allowed: Round["status"][]): void {
  if (!allowed.includes(round.status)) throw new DomainError(`review.round_is_${round.status}`);
}

/** Adds or removes a state from a draft round; returns whether it now takes part. */
export async function toggleParticipant(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  stateCode: string,
  now: number,
): Promise<boolean> {
  assertSecretariat(actor);
  return db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    assertStatus(round, "draft");
    const state = await trx
      .selectFrom("states")
      .select("code")
      .where("code", "=", stateCode)
      .executeTakeFirst();
    if (!state) throw new DomainError("button_invalid");
    const existing = await trx
      .deleteFrom("review_participants")
      .where("round_id", "=", roundId)
      .where("state_code", "=", stateCode)
      .executeTakeFirst();
    const removed = Number(existing.numDeletedRows) > 0;
    if (!removed) {
      await trx
        .insertInto("review_participants")
        .values({ round_id: roundId, state_code: stateCode })
        .execute();
    }
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: removed ? "review.participant_removed" : "review.participant_added",
      subject: roundSubject(roundId),
      details: { state: stateCode },
    });
    return !removed;
  });
}

/**
 * Sets the deadline of a draft, or extends that of an open round (only later: a shorter
 * deadline would surprise the states already reviewing). Extending re-plans the nudges and
 * tells the reviewers.
 */
export async function setDeadline(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  deadlineAt: number,
  now: number,
): Promise<Round> {
  assertSecretariat(actor);
  if (deadlineAt <= now) throw new DomainError("review.deadline_in_past");
  return db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    assertStatus(round, "draft", "open");
    if (round.status === "open") {
      if (isPastDeadline(round, now)) throw new DomainError("review.round_is_closed");
      if (round.deadline_at !== null && deadlineAt <= round.deadline_at)
        throw new DomainError("review.deadline_only_later");
    }
    await trx
      .updateTable("review_rounds")
      .set({ deadline_at: deadlineAt, deadline_set_at: now })
      .where("id", "=", roundId)
      .execute();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "review.deadline",
      subject: roundSubject(roundId),
      details: { from: round.deadline_at, to: deadlineAt },
    });
    if (round.status === "open") {
      await cancelPending(trx, { keyPrefix: `review:${roundId}:nudge:` }, "deadline changed", now);
      const people = await reviewers(trx, roundId);
      await enqueue(
        trx,
        people.map((p) => ({
          key: `review:${roundId}:deadline:${deadlineAt}:person:${p.id}`,
          kind: "review.deadline_changed",
          source: roundSubject(roundId),
          personId: p.id,
          chatId: p.telegram_id,
          content: {
            type: "render",
            renderer: REVIEW_RENDERERS.deadlineChanged,
            params: { roundId, deadlineAt },
          },
          dueAt: now,
          expiresAt: deadlineAt,
        })),
        now,
      );
    }
    return requireRound(trx, roundId);
  });
}

/** Sets the nudge lead times of a round that is not closed (each between 1 hour and 60 days). */
export async function setNudgeLeads(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  leadsMs: readonly number[],
  now: number,
): Promise<void> {
  assertSecretariat(actor);
  const leads = [...new Set(leadsMs)].sort((a, b) => b - a);
  if (leads.length > 5 || leads.some((l) => !Number.isInteger(l) || l < HOUR || l > 60 * 24 * HOUR))
    throw new DomainError("review.nudge_leads_invalid");
  await db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    assertStatus(round, "draft", "open");
    await trx
      .updateTable("review_rounds")
      .set({ nudge_leads: JSON.stringify(leads) })
      .where("id", "=", roundId)
      .execute();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "review.nudge_leads",
      subject: roundSubject(roundId),
      details: { leads },
    });
  });
}

/** The coordinators and alternates (active) of the states taking part: who reviews for the states. */
export async function reviewers(db: Kysely<Database>, roundId: number) {
  return db
    .selectFrom("people")
    .innerJoin("review_participants", "review_participants.state_code", "people.state_code")
    .selectAll("people")
    .where("review_participants.round_id", "=", roundId)
    .where("people.role", "in", ["coordinator", "alternate"])
    .where("people.deactivated_at", "is", null)
    .orderBy("people.id")
    .execute();
}

/**
 * Opens a draft to its states: it needs a future deadline, at least one state and one card.
 * Queues the invitation to every coordinator and alternate of those states in the same transaction.
 * @returns how many people were invited
 */
export async function openRound(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  now: number,
): Promise<{ invited: number }> {
  assertSecretariat(actor);
  return db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    assertStatus(round, "draft");
    if (round.deadline_at === null) throw new DomainError("review.deadline_missing");
    if (round.deadline_at <= now) throw new DomainError("review.deadline_in_past");
    if ((await participants(trx, roundId)).length === 0) throw new DomainError("review.no_participants");
    if ((await countCards(trx, roundId)) === 0) throw new DomainError("review.no_items");
    await trx
      .updateTable("review_rounds")
      .set({ status: "open", opened_at: now, opened_by: actor.id })
      .where("id", "=", roundId)
      .execute();
    const people = await reviewers(trx, roundId);
    await enqueue(
      trx,
      people.map((p) => ({
        key: `review:${roundId}:invitation:person:${p.id}`,
        kind: "review.invitation",
        source: roundSubject(roundId),
        personId: p.id,
        chatId: p.telegram_id,
        content: { type: "render", renderer: REVIEW_RENDERERS.invitation, params: { roundId } },
        dueAt: now,
        expiresAt: round.deadline_at,
      })),
      now,
    );
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "review.opened",
      subject: roundSubject(roundId),
      details: { deadlineAt: round.deadline_at, invited: people.length },
    });
    return { invited: people.length };
  });
}

/** Closes an open round before its deadline, by the secretariat's decision. */
export async function closeRoundEarly(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  now: number,
): Promise<void> {
  assertSecretariat(actor);
  await db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    assertStatus(round, "open");
    await markClosed(trx, round, actor.id, "early", now);
  });
}

/** Marks a round closed and drops its pending nudges; call inside a transaction. */
export async function markClosed(
  trx: Kysely<Database>,
  round: Round,
  actorId: number | null,
  reason: "deadline" | "early",
  now: number,
): Promise<void> {
  // Closed by itself, the round closed at its deadline even if the process was down then.
  const closedAt = reason === "deadline" ? Math.min(round.deadline_at ?? now, now) : now;
  await trx
    .updateTable("review_rounds")
    .set({ status: "closed", closed_at: closedAt, closed_by: actorId, close_reason: reason })
    .where("id", "=", round.id)
    .where("status", "=", "open")
    .execute();
  for (const what of ["invitation", "nudge", "deadline"]) {
    await cancelPending(trx, { keyPrefix: `review:${round.id}:${what}:` }, "round closed", now);
  }
  await audit(trx, {
    at: now,
    actorId,
    action: "review.closed",
    subject: roundSubject(round.id),
    details: { reason, deadlineAt: round.deadline_at },
  });
}
