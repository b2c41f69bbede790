/**
 * Tables of review rounds: the document and its cards, who takes part, and the append-only
 * histories of positions, comments, completions and "passed to government" confirmations.
 * Created by `migrations/0005_review_rounds.ts`.
 */
import type { Generated } from "kysely";

export type RoundStatus = "draft" | "open" | "closed";
export type PositionValue = "support" | "object" | "abstain";
export type CommentKind = "comment" | "amendment";

export interface ReviewRoundsTable {
  id: Generated<number>;
  /** Where the round came from when it must be created once only (`seed:almaty-2012`, an album). */
  source_key: string | null;
  status: Generated<RoundStatus>;
  deadline_at: number | null;
  /** When the deadline was last set: nudges whose moment came before it are not sent. */
  deadline_set_at: number | null;
  /** JSON array of milliseconds before the deadline at which unfinished states are nudged. */
  nudge_leads: Generated<string>;
  created_by: number | null;
  created_at: number;
  opened_by: number | null;
  opened_at: number | null;
  /** Null when the round closed by itself at its deadline. */
  closed_by: number | null;
  closed_at: number | null;
  close_reason: "deadline" | "early" | null;
  outcome: "adopted" | "not_adopted" | null;
  outcome_by: number | null;
  outcome_at: number | null;
}

export interface ReviewRoundTextsTable {
  round_id: number;
  lang: string;
  title: string;
  intro: string | null;
  outro: string | null;
}

/** A card: an item without sub-items, or one sub-item of an item (`sub_index` 0, 1, …). */
export interface ReviewItemsTable {
  id: Generated<number>;
  round_id: number;
  /** 1, 2, … in card order: "item 3 of 9" counts these. */
  ordinal: number;
  item_number: number;
  sub_index: number | null;
}

export interface ReviewItemTextsTable {
  item_id: number;
  lang: string;
  /** The sub-item's letter in this language (б, b), null for a whole item. */
  letter: string | null;
  /** The parent item's text shown above a sub-item, null for a whole item. */
  lead: string | null;
  text: string;
}

export interface ReviewParticipantsTable {
  round_id: number;
  state_code: string;
}

export interface ReviewPositionsTable {
  id: Generated<number>;
  round_id: number;
  item_id: number;
  state_code: string;
  person_id: number;
  /** The recorder's role when recording (coordinator, alternate). */
  person_role: string;
  position: PositionValue;
  /** The reason of an objection (required for one). */
  reason: string | null;
  at: number;
}

export interface ReviewCommentsTable {
  id: Generated<number>;
  round_id: number;
  item_id: number;
  person_id: number;
  /** coordinator, alternate or observer when writing; observers' comments are shown apart. */
  person_role: string;
  state_code: string | null;
  org_code: string | null;
  kind: CommentKind;
  text: string;
  at: number;
}

export interface ReviewCompletionsTable {
  id: Generated<number>;
  round_id: number;
  state_code: string;
  person_id: number;
  at: number;
}

export interface GovernmentConfirmationsTable {
  id: Generated<number>;
  round_id: number;
  state_code: string;
  person_id: number;
  /** The day the recommendations were passed to the government, `YYYY-MM-DD`. */
  passed_on: string;
  note: string | null;
  at: number;
}

/** The message that is a person's live review card; buttons on any other card message are stale. */
export interface ReviewCardMessagesTable {
  person_id: number;
  round_id: number;
  message_id: number;
  updated_at: number;
}

export interface ReviewTables {
  review_rounds: ReviewRoundsTable;
  review_round_texts: ReviewRoundTextsTable;
  review_items: ReviewItemsTable;
  review_item_texts: ReviewItemTextsTable;
  review_participants: ReviewParticipantsTable;
  review_positions: ReviewPositionsTable;
  review_comments: ReviewCommentsTable;
  review_completions: ReviewCompletionsTable;
  government_confirmations: GovernmentConfirmationsTable;
  review_card_messages: ReviewCardMessagesTable;
}
