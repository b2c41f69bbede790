/**
 * What the review card and the summary show, loaded from the database as plain, JSON-safe data
 * (so conversations can carry it), in the person's language and zone; card-render.ts renders it.
 */
import type { Kysely } from "kysely";
import type { PositionValue } from "../../../db/schema/reviews.js";
import type { Database } from "../../../db/schema.js";
import { getPerson, type Person } from "../../../domain/people/people.js";
import { effectiveTimeZone } from "../../../domain/people/time-zones.js";
import { getState, OFFICIAL_LANGUAGES } from "../../../domain/reference.js";
import { accessFor, statePositions, stateProgress } from "../../../domain/reviews/positions.js";
import {
  acceptsAnswers,
  listCards,
  pickLanguage,
  REVIEW_TIME_ZONE,
  type Round,
  roundText,
  roundTexts,
} from "../../../domain/reviews/rounds.js";
import { formatDateTime, readerTime } from "../../dates.js";
import type { Translate } from "../../i18n.js";

export interface Where {
  db: Kysely<Database>;
  person: Person;
  /** The language of the interface, and its `t`. */
  lang: string;
  t: Translate;
  /** The language the person wants official documents in: their own choice, else `lang`. */
  docLang: string;
  now: number;
  defaultTimeZone: string;
}

export interface PositionShown {
  value: PositionValue;
  reason: string | null;
  by: string;
  at: string;
}

export interface CardData {
  roundId: number;
  itemId: number;
  ordinal: number;
  total: number;
  title: string;
  label: string;
  letter: string | null;
  lead: string | null;
  text: string;
  kind: "state" | "observer";
  stateName: string | null;
  position: PositionShown | null;
  readOnly: boolean;
  deadline: string | null;
  zone: string;
  /** The language the document is shown in, when it is not the interface's (null otherwise). */
  shownInOther: string | null;
  /** Other official languages the document can be switched to. */
  switchTo: string[];
}

export interface SummaryLine {
  itemId: number;
  label: string;
  value: PositionValue | null;
  reason: string | null;
}

export interface SummaryData {
  roundId: number;
  title: string;
  kind: "state" | "observer";
  stateName: string | null;
  lines: SummaryLine[];
  answered: number;
  total: number;
  readOnly: boolean;
  deadline: string | null;
  zone: string;
  lastItemId: number;
  outro: string | null;
}

async function common(w: Where, round: Round) {
  const zone = await effectiveTimeZone(w.db, w.person, w.defaultTimeZone);
  // The person's own time, with Almaty's (the time the secretariat set it in) when the clocks differ.
  const deadline =
    round.deadline_at === null ? null : readerTime(w.t, w.lang, round.deadline_at, zone, REVIEW_TIME_ZONE);
  return { zone, deadline, readOnly: !acceptsAnswers(round, w.now) };
}

/**
 * Which language the round's text is shown in for the person, and whether that differs from
 * the interface: a Kyrgyz-speaking coordinator reads the Russian (or English) official text.
 */
export async function documentLanguage(
  w: Where,
  roundId: number,
): Promise<{ shown: string; shownInOther: string | null; switchTo: string[] }> {
  const available = (await roundTexts(w.db, roundId)).map((x) => x.lang);
  const shown = pickLanguage(available, w.docLang) ?? w.lang;
  if (shown === w.lang) return { shown, shownInOther: null, switchTo: [] };
  const switchTo = OFFICIAL_LANGUAGES.filter((l) => l !== shown && available.includes(l));
  return { shown, shownInOther: shown, switchTo };
}

/**
 * The card at `ordinal` (clamped to the round), or the first card the person's state has not
 * answered when `ordinal` is "landing" (the first card for observers, the last when all are answered).
 */
export async function loadCard(w: Where, roundId: number, ordinal: number | "landing"): Promise<CardData> {
  const access = await accessFor(w.db, w.person, roundId);
  const doc = await documentLanguage(w, roundId);
  const cards = await listCards(w.db, roundId, doc.shown);
  let at = ordinal;
  if (at === "landing") {
    at = 1;
    if (access.stateCode && access.kind === "state") {
      const progress = await stateProgress(w.db, roundId, access.stateCode);
      at = progress.firstUnanswered ?? cards.length;
    }
  }
  const index = Math.min(Math.max(at, 1), cards.length) - 1;
  const card = cards[index];
  if (!card) throw new Error(`round ${roundId} has no cards`);
  let position: PositionShown | null = null;
  const { zone, deadline, readOnly } = await common(w, access.round);
  if (access.kind === "state" && access.stateCode) {
    const row = (await statePositions(w.db, roundId, access.stateCode)).get(card.id);
    if (row)
      position = {
        value: row.position,
        reason: row.reason,
        by: (await getPerson(w.db, row.person_id))?.name ?? "",
        at: formatDateTime(row.at, zone, w.lang),
      };
  }
  return {
    roundId,
    itemId: card.id,
    ordinal: card.ordinal,
    total: cards.length,
    title: (await roundText(w.db, roundId, doc.shown)).title,
    label: card.label,
    letter: card.letter,
    lead: card.lead,
    text: card.text,
    kind: access.kind,
    stateName: access.stateCode ? ((await getState(w.db, access.stateCode, w.lang))?.name ?? null) : null,
    position,
    readOnly,
    deadline,
    zone,
    shownInOther: doc.shownInOther,
    switchTo: doc.switchTo,
  };
}

/** The ordinal of a card of the round (the card must belong to it). */
export async function ordinalOf(db: Kysely<Database>, lang: string, roundId: number, itemId: number) {
  return (await cardPlace(db, lang, roundId, itemId))?.ordinal;
}

/** Where a card of the round stands and how people name it: ordinal and label ("7в"). */
export async function cardPlace(
  db: Kysely<Database>,
  lang: string,
  roundId: number,
  itemId: number,
): Promise<{ ordinal: number; label: string } | undefined> {
  const card = (await listCards(db, roundId, lang)).find((c) => c.id === itemId);
  return card ? { ordinal: card.ordinal, label: card.label } : undefined;
}

/** The state's positions on every card, for the summary at the end. */
export async function loadSummary(w: Where, roundId: number): Promise<SummaryData> {
  const access = await accessFor(w.db, w.person, roundId);
  const cards = await listCards(w.db, roundId, w.docLang);
  const positions =
    access.kind === "state" && access.stateCode
      ? await statePositions(w.db, roundId, access.stateCode)
      : new Map();
  const { zone, deadline, readOnly } = await common(w, access.round);
  const text = await roundText(w.db, roundId, w.docLang);
  const lines = cards.map((card) => {
    const row = positions.get(card.id);
    return { itemId: card.id, label: card.label, value: row?.position ?? null, reason: row?.reason ?? null };
  });
  return {
    roundId,
    title: text.title,
    kind: access.kind,
    stateName: access.stateCode ? ((await getState(w.db, access.stateCode, w.lang))?.name ?? null) : null,
    lines,
    answered: lines.filter((l) => l.value).length,
    total: cards.length,
    readOnly,
    deadline,
    zone,
    lastItemId: cards.at(-1)?.id ?? 0,
    outro: text.outro,
  };
}

/** Where a handler or a conversation step reads from: its person, language, and now. */
export function whereOf(ctx: {
  deps: { db: Kysely<Database>; clock: { now(): number }; config: { defaultTimeZone: string } };
  person: Person | null;
  lang: string;
  t: Translate;
}): Where {
  if (!ctx.person) throw new Error("a review step without a person");
  return {
    db: ctx.deps.db,
    person: ctx.person,
    lang: ctx.lang,
    t: ctx.t,
    docLang: ctx.person.document_language ?? ctx.lang,
    now: ctx.deps.clock.now(),
    defaultTimeZone: ctx.deps.config.defaultTimeZone,
  };
}
