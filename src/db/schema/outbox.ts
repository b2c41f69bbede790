/**
 * The outbox table: one row per message the bot sends on its own.
 */
import type { Generated } from "kysely";

export type OutboxStatus = "pending" | "sending" | "sent" | "blocked" | "failed" | "cancelled";

export interface OutboxTable {
  id: Generated<number>;
  idempotency_key: string;
  kind: string;
  /** What the message belongs to, e.g. `announcement:12`, for progress and cancellation. */
  source: string | null;
  person_id: number | null;
  chat_id: number;
  /** JSON of an `OutboxContent`. */
  content: string;
  due_at: number;
  /** After this instant the message is pointless (the moment it announces has passed): dropped, not sent. */
  expires_at: number | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  telegram_message_id: number | null;
  created_at: number;
  updated_at: number;
  claimed_at: number | null;
  sent_at: number | null;
}

export interface OutboxTables {
  outbox: OutboxTable;
}
