/**
 * Review rounds as they are read: the round and its rules of time (deadline, nudge leads), its
 * title and cards in each language, the states taking part and the people who review for them.
 * What the secretariat changes is in `lifecycle.ts`.
 */
import type { Kysely, Selectable } from "kysely";
import type { ReviewItemsTable, ReviewRoundsTable } from "../../db/schema/reviews.js";
import type { Database } from "../../db/schema.js";
import { DomainError } from "../errors.js";
import { OFFICIAL_LANGUAGES } from "../reference.js";

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

/**
 * The language to show: the wanted one, else Russian (the working language of the Process, read
 * by every coordinator), else English, else any the round has.
 */
export function pickLanguage(available: readonly string[], wanted: string): string | undefined {
  for (const lang of [wanted, ...OFFICIAL_LANGUAGES]) if (available.includes(lang)) return lang;
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
