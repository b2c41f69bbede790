/**
 * The outbox table's operations: queue (idempotent), claim what is due (atomically), and record
 * each outcome. The dispatcher is the only caller of the claim and outcome functions.
 */
import type { Kysely, Selectable } from "kysely";
import type { OutboxStatus, OutboxTable } from "../db/schema/outbox.js";
import type { Database } from "../db/schema.js";
import type { OutboxContent } from "./content.js";

export type OutboxRow = Selectable<OutboxTable>;

export interface QueuedMessage {
  /** The same logical message always has the same key, so it can never be queued twice. */
  key: string;
  kind: string;
  source?: string | null;
  personId?: number | null;
  chatId: number;
  content: OutboxContent;
  dueAt: number;
  expiresAt?: number | null;
}

/** Queues messages; those whose key is already queued are ignored. Returns how many are new. */
export async function enqueue(
  db: Kysely<Database>,
  messages: readonly QueuedMessage[],
  now: number,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < messages.length; i += 200) {
    const chunk = messages.slice(i, i + 200);
    const result = await db
      .insertInto("outbox")
      .values(
        chunk.map((m) => ({
          idempotency_key: m.key,
          kind: m.kind,
          source: m.source ?? null,
          person_id: m.personId ?? null,
          chat_id: m.chatId,
          content: JSON.stringify(m.content),
          due_at: m.dueAt,
          expires_at: m.expiresAt ?? null,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.column("idempotency_key").doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/**
 * Claims up to `limit` due rows, at most one per chat and none for the chats given as busy,
 * marking them `sending`. The update re-checks `status = 'pending'` row by row, so a row is never
 * claimed twice, whoever else claims at the same time.
 */
export async function claimDue(
  db: Kysely<Database>,
  now: number,
  limit: number,
  busyChats: readonly number[] = [],
): Promise<OutboxRow[]> {
  if (limit <= 0) return [];
  const busy = new Set(busyChats);
  let query = db
    .selectFrom("outbox")
    .select(["id", "chat_id"])
    .where("status", "=", "pending")
    .where("due_at", "<=", now);
  if (busy.size) query = query.where("chat_id", "not in", [...busy]);
  const candidates = await query
    .orderBy("due_at")
    .orderBy("id")
    .limit(limit * 4)
    .execute();
  const ids: number[] = [];
  for (const c of candidates) {
    if (ids.length >= limit) break;
    if (busy.has(c.chat_id)) continue;
    busy.add(c.chat_id);
    ids.push(c.id);
  }
  if (!ids.length) return [];
  const claimed = await db
    .updateTable("outbox")
    .set((eb) => ({ status: "sending", claimed_at: now, updated_at: now, attempts: eb("attempts", "+", 1) }))
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .returningAll()
    .execute();
  return claimed.sort((a, b) => a.due_at - b.due_at || a.id - b.id);
}

async function finish(
  db: Kysely<Database>,
  id: number,
  status: OutboxStatus,
  now: number,
  extra: { last_error?: string | null; telegram_message_id?: number | null; sent_at?: number | null } = {},
): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ status, updated_at: now, ...extra })
    .where("id", "=", id)
    .where("status", "=", "sending")
    .execute();
}

export const markSent = (db: Kysely<Database>, id: number, messageId: number, now: number) =>
  finish(db, id, "sent", now, { telegram_message_id: messageId, sent_at: now, last_error: null });
export const markBlocked = (db: Kysely<Database>, id: number, reason: string, now: number) =>
  finish(db, id, "blocked", now, { last_error: reason });
export const markFailed = (db: Kysely<Database>, id: number, reason: string, now: number) =>
  finish(db, id, "failed", now, { last_error: reason });
export const markCancelled = (db: Kysely<Database>, id: number, reason: string, now: number) =>
  finish(db, id, "cancelled", now, { last_error: reason });

/** Puts a claimed row back to wait until `dueAt`; `countAttempt` false for a 429 (not the row's fault). */
export async function retryLater(
  db: Kysely<Database>,
  id: number,
  dueAt: number,
  reason: string,
  now: number,
  countAttempt: boolean,
): Promise<void> {
  await db
    .updateTable("outbox")
    .set((eb) => ({
      status: "pending",
      due_at: dueAt,
      last_error: reason,
      updated_at: now,
      attempts: countAttempt ? eb.ref("attempts") : eb("attempts", "-", 1),
    }))
    .where("id", "=", id)
    .where("status", "=", "sending")
    .execute();
}

/**
 * After a crash, rows left `sending` may or may not have reached Telegram: send them again.
 * A recipient may rarely get a message twice, never zero times.
 */
export async function requeueInterrupted(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db
    .updateTable("outbox")
    .set({ status: "pending", updated_at: now, last_error: "interrupted" })
    .where("status", "=", "sending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Cancels pending rows of a source (e.g. reminders of a rescheduled meeting); returns how many. */
export async function cancelPending(
  db: Kysely<Database>,
  filter: { source?: string; keyPrefix?: string; kind?: string },
  reason: string,
  now: number,
): Promise<number> {
  let query = db
    .updateTable("outbox")
    .set({ status: "cancelled", last_error: reason, updated_at: now })
    .where("status", "=", "pending");
  if (filter.source !== undefined) query = query.where("source", "=", filter.source);
  if (filter.keyPrefix !== undefined)
    query = query.where("idempotency_key", "like", `${filter.keyPrefix.replace(/[%_]/g, "")}%`);
  if (filter.kind !== undefined) query = query.where("kind", "=", filter.kind);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type StatusCounts = Record<OutboxStatus, number> & { total: number };

/** How the messages of one source stand. */
export async function countsBySource(db: Kysely<Database>, source: string): Promise<StatusCounts> {
  const rows = await db
    .selectFrom("outbox")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("source", "=", source)
    .groupBy("status")
    .execute();
  const counts: StatusCounts = {
    pending: 0,
    sending: 0,
    sent: 0,
    blocked: 0,
    failed: 0,
    cancelled: 0,
    total: 0,
  };
  for (const row of rows) {
    counts[row.status] = Number(row.n);
    counts.total += Number(row.n);
  }
  return counts;
}

/** The earliest due time among pending rows, to know when to look again. */
export async function nextDueAt(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db
    .selectFrom("outbox")
    .select((eb) => eb.fn.min("due_at").as("due"))
    .where("status", "=", "pending")
    .executeTakeFirst();
  return row?.due === null || row?.due === undefined ? undefined : Number(row.due);
}
