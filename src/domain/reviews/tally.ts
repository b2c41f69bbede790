/**
 * The tally of a round for the secretariat: per card, each state's current position, the counts,
 * the comments and proposed wordings (observers' apart), and whether consensus holds; per round,
 * the states that have not finished, their confirmations, and "passed to government" confirmations.
 *
 * Consensus on a card holds when every member state taking part has a position and none objects
 * (abstaining does not break it). Participants that are not members are shown but do not decide it.
 */
import type { Kysely } from "kysely";
import type { PositionValue } from "../../db/schema/reviews.js";
import type { Database } from "../../db/schema.js";
import { type GovernmentConfirmation, governmentConfirmations } from "./government.js";
import {
  type CommentRow,
  completions,
  currentPositions,
  type PositionRow,
  roundComments,
} from "./positions.js";
import { type CardView, listCards, participants, type Round, requireRound, roundText } from "./rounds.js";

export interface StateEntry {
  code: string;
  /** Only member states decide consensus. */
  member: boolean;
}

export interface CardTally {
  card: CardView;
  /** Every state taking part, in order, with its current position or null. */
  byState: { stateCode: string; position: PositionRow | null }[];
  counts: Record<PositionValue | "none", number>;
  consensus: boolean;
  /** Comments and proposed wordings by the states' coordinators and alternates. */
  comments: CommentRow[];
  /** Observers' comments, shown apart from the states'. */
  observerComments: CommentRow[];
}

export interface RoundTally {
  round: Round;
  title: string;
  states: StateEntry[];
  cards: CardTally[];
  /** True when consensus holds on every card. */
  consensus: boolean;
  /** States taking part that have not answered every card. */
  unfinished: string[];
  /** When each state last confirmed its summary. */
  completions: Map<string, number>;
  /** Each state's latest "passed to government" confirmation. */
  government: Map<string, GovernmentConfirmation>;
  /** Names of everyone who recorded something, by person id. */
  people: Map<number, string>;
}

/** Whether consensus holds on one card, given the states taking part and the card's current positions. */
export function consensusHolds(
  states: readonly StateEntry[],
  positions: ReadonlyMap<string, PositionValue>,
): boolean {
  const members = states.filter((s) => s.member);
  if (members.length === 0) return false;
  return members.every((s) => {
    const position = positions.get(s.code);
    return position !== undefined && position !== "object";
  });
}

/** Computes the tally from the database as it stands. */
export async function computeTally(db: Kysely<Database>, roundId: number, lang: string): Promise<RoundTally> {
  const round = await requireRound(db, roundId);
  const codes = await participants(db, roundId);
  const statuses = codes.length
    ? await db.selectFrom("states").select(["code", "status"]).where("code", "in", codes).execute()
    : [];
  const states: StateEntry[] = codes.map((code) => ({
    code,
    member: statuses.find((s) => s.code === code)?.status === "member",
  }));
  const cards = await listCards(db, roundId, lang);
  const positions = await currentPositions(db, roundId);
  const comments = await roundComments(db, roundId);

  const cardTallies = cards.map((card): CardTally => {
    const own = new Map(positions.filter((p) => p.item_id === card.id).map((p) => [p.state_code, p]));
    const byState = codes.map((stateCode) => ({ stateCode, position: own.get(stateCode) ?? null }));
    const counts = { support: 0, object: 0, abstain: 0, none: 0 };
    for (const entry of byState) counts[entry.position?.position ?? "none"]++;
    const onCard = comments.filter((c) => c.item_id === card.id);
    return {
      card,
      byState,
      counts,
      consensus: consensusHolds(states, new Map([...own].map(([code, p]) => [code, p.position]))),
      comments: onCard.filter((c) => c.person_role !== "observer"),
      observerComments: onCard.filter((c) => c.person_role === "observer"),
    };
  });

  const answeredAll = (code: string) =>
    cardTallies.every((t) => t.byState.find((s) => s.stateCode === code)?.position);
  const government = await governmentConfirmations(db, roundId);
  const personIds = new Set<number>([
    ...positions.map((p) => p.person_id),
    ...comments.map((c) => c.person_id),
    ...[...government.values()].map((g) => g.person_id),
  ]);
  const people = personIds.size
    ? await db
        .selectFrom("people")
        .select(["id", "name"])
        .where("id", "in", [...personIds])
        .execute()
    : [];
  return {
    round,
    title: (await roundText(db, roundId, lang)).title,
    states,
    cards: cardTallies,
    consensus: cardTallies.length > 0 && cardTallies.every((t) => t.consensus),
    unfinished: codes.filter((code) => !answeredAll(code)),
    completions: await completions(db, roundId),
    government,
    people: new Map(people.map((p) => [p.id, p.name])),
  };
}
