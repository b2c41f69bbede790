/**
 * A review round read whole, for the documents the secretariat circulates (the compilation, the
 * positions matrix, the tally picture): the texts in one official language, the names of states
 * and organisations in one reader's language, each state's current answer with who and when, the
 * states' and the observers' comments, the full history with superseded positions marked, and the
 * "passed to government" confirmations. Plain data with no formatting: the documents do that.
 */
import type { Kysely } from "kysely";
import type { CommentKind, PositionValue, RoundStatus } from "../../db/schema/reviews.js";
import type { Database } from "../../db/schema.js";
import { listOrganisations, listStates } from "../reference.js";
import type { CommentRow } from "./positions.js";
import { roundText } from "./rounds.js";
import { computeTally } from "./tally.js";

/** The language of the recommendations' texts (ru or en) and of the states' and organisations' names. */
export interface RecordLanguages {
  text: string;
  names: string;
}

export interface RecordedState {
  code: string;
  name: string;
  /** Only member states decide consensus. */
  member: boolean;
}

export interface RecordedComment {
  kind: CommentKind;
  text: string;
  at: number;
  author: string;
  /** The author's role when writing: coordinator, alternate or observer. */
  role: string;
  stateCode: string | null;
  orgCode: string | null;
  /** The state's or organisation's name, empty when the author had neither. */
  affiliation: string;
}

/** One state's current answer on one item; every field but `stateCode` is empty when it has none. */
export interface StateAnswer {
  stateCode: string;
  position: PositionValue | null;
  reason: string | null;
  recordedBy: string | null;
  role: string | null;
  at: number | null;
  /** The state's own comments and proposed wordings on the item, oldest first. */
  comments: RecordedComment[];
}

export interface RecordedItem {
  id: number;
  /** "7б": items are named by their label, never by their place in a sequence. */
  label: string;
  /** The parent item's text above a sub-item, null for a whole item. */
  lead: string | null;
  text: string;
  /** One entry per state taking part, in the states' order. */
  answers: StateAnswer[];
  counts: Record<PositionValue | "none", number>;
  consensus: boolean;
  observerComments: RecordedComment[];
}

export type HistoryKind = "position" | CommentKind | "government";

/** One recorded event, as it was recorded: nothing merged, nothing left out. */
export interface HistoryEntry {
  at: number;
  kind: HistoryKind;
  /** The item's label, null for a confirmation (which covers the round). */
  itemLabel: string | null;
  stateCode: string | null;
  affiliation: string;
  person: string;
  role: string;
  position: PositionValue | null;
  /** The objection's reason, the comment's text, or the confirmation's day and note. */
  text: string | null;
  /** For a position: whether it is still the state's answer (true) or was superseded (false). */
  current: boolean | null;
}

export interface GovernmentEntry {
  stateCode: string;
  /** The day the recommendations were passed, `YYYY-MM-DD`. */
  passedOn: string;
  note: string | null;
  confirmedBy: string;
  at: number;
}

export interface RoundRecord {
  id: number;
  status: RoundStatus;
  outcome: "adopted" | "not_adopted" | null;
  title: string;
  intro: string | null;
  /** The language the title and items actually came in (the wanted one, else Russian, else English). */
  textLanguage: string;
  deadlineAt: number | null;
  openedAt: number | null;
  closedAt: number | null;
  /** The states taking part, in the fixed order of states. */
  states: RecordedState[];
  items: RecordedItem[];
  /** True when consensus holds on every item. */
  consensus: boolean;
  /** Codes of the states that have not answered every item. */
  unfinished: string[];
  /** Each state's latest confirmation, in the states' order. */
  government: GovernmentEntry[];
  /** Every position, comment, proposed wording and confirmation, oldest first. */
  history: HistoryEntry[];
}

/** Reads the round for a document; refuses a round that does not exist (`review.round_not_found`). */
export async function readRoundRecord(
  db: Kysely<Database>,
  roundId: number,
  langs: RecordLanguages,
): Promise<RoundRecord> {
  const tally = await computeTally(db, roundId, langs.text);
  const text = await roundText(db, roundId, langs.text);
  const stateNames = new Map((await listStates(db, langs.names)).map((s) => [s.code, s.name]));
  const orgNames = new Map((await listOrganisations(db, langs.names)).map((o) => [o.code, o.name]));
  const allPositions = await db
    .selectFrom("review_positions")
    .selectAll()
    .where("round_id", "=", roundId)
    .orderBy("id")
    .execute();
  const confirmations = await db
    .selectFrom("government_confirmations")
    .selectAll()
    .where("round_id", "=", roundId)
    .orderBy("id")
    .execute();
  const people = await personNames(db, [
    ...allPositions.map((p) => p.person_id),
    ...confirmations.map((g) => g.person_id),
    ...tally.people.keys(),
  ]);
  const personName = (id: number) => people.get(id) ?? "";
  const stateName = (code: string) => stateNames.get(code) ?? code;
  const comment = (c: CommentRow): RecordedComment => ({
    kind: c.kind,
    text: c.text,
    at: c.at,
    author: personName(c.person_id),
    role: c.person_role,
    stateCode: c.state_code,
    orgCode: c.org_code,
    affiliation: c.state_code
      ? stateName(c.state_code)
      : c.org_code
        ? (orgNames.get(c.org_code) ?? c.org_code)
        : "",
  });

  const items = tally.cards.map(
    (card): RecordedItem => ({
      id: card.card.id,
      label: card.card.label,
      lead: card.card.lead,
      text: card.card.text,
      answers: card.byState.map(({ stateCode, position: p }) => ({
        stateCode,
        position: p?.position ?? null,
        reason: p?.reason ?? null,
        recordedBy: p ? personName(p.person_id) : null,
        role: p?.person_role ?? null,
        at: p?.at ?? null,
        comments: card.comments.filter((c) => c.state_code === stateCode).map(comment),
      })),
      counts: { ...card.counts },
      consensus: card.consensus,
      observerComments: card.observerComments.map(comment),
    }),
  );

  const labels = new Map(items.map((i) => [i.id, i.label]));
  const latest = new Map<string, number>();
  for (const p of allPositions) latest.set(`${p.item_id}|${p.state_code}`, p.id);
  const history: (HistoryEntry & { order: number })[] = [
    ...allPositions.map((p) => ({
      order: p.id,
      at: p.at,
      kind: "position" as const,
      itemLabel: labels.get(p.item_id) ?? null,
      stateCode: p.state_code,
      affiliation: stateName(p.state_code),
      person: personName(p.person_id),
      role: p.person_role,
      position: p.position,
      text: p.reason,
      current: latest.get(`${p.item_id}|${p.state_code}`) === p.id,
    })),
    ...tally.cards.flatMap((card) =>
      [...card.comments, ...card.observerComments].map((c) => {
        const r = comment(c);
        return {
          order: c.id,
          at: c.at,
          kind: c.kind,
          itemLabel: card.card.label,
          stateCode: c.state_code,
          affiliation: r.affiliation,
          person: r.author,
          role: c.person_role,
          position: null,
          text: c.text,
          current: null,
        };
      }),
    ),
    ...confirmations.map((g) => ({
      order: g.id,
      at: g.at,
      kind: "government" as const,
      itemLabel: null,
      stateCode: g.state_code,
      affiliation: stateName(g.state_code),
      person: personName(g.person_id),
      role: "",
      position: null,
      text: g.note ? `${g.passed_on} — ${g.note}` : g.passed_on,
      current: null,
    })),
  ];
  history.sort((a, b) => a.at - b.at || a.order - b.order);

  return {
    id: tally.round.id,
    status: tally.round.status,
    outcome: tally.round.outcome,
    title: text.title,
    intro: text.intro,
    textLanguage: text.lang,
    deadlineAt: tally.round.deadline_at,
    openedAt: tally.round.opened_at,
    closedAt: tally.round.closed_at,
    states: tally.states.map((s) => ({ code: s.code, name: stateName(s.code), member: s.member })),
    items,
    consensus: tally.consensus,
    unfinished: tally.unfinished,
    government: tally.states.flatMap((s) => {
      const g = tally.government.get(s.code);
      return g
        ? [
            {
              stateCode: s.code,
              passedOn: g.passed_on,
              note: g.note,
              confirmedBy: personName(g.person_id),
              at: g.at,
            },
          ]
        : [];
    }),
    history: history.map(({ order: _, ...entry }) => entry),
  };
}

async function personNames(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom("people").select(["id", "name"]).where("id", "in", unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
