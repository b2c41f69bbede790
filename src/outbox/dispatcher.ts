/**
 * The one dispatcher: claims due outbox rows, renders them for their recipient, sends them within
 * Telegram's limits, and records every outcome. Woken when something is queued and by the tick.
 */
import { type Api, InputFile } from "grammy";
import type { Message } from "grammy/types";
import type { Kysely, Selectable } from "kysely";
import type { PeopleTable } from "../db/schema/people.js";
import type { Database } from "../db/schema.js";
import type { Logger } from "../logger.js";
import type { Clock } from "./clock.js";
import type { OutboxContent, ReadyMessage } from "./content.js";
import { backoffMs, classifySendError } from "./outcome.js";
import {
  claimDue,
  markBlocked,
  markCancelled,
  markFailed,
  markSent,
  nextDueAt,
  type OutboxRow,
  requeueInterrupted,
  retryLater,
} from "./queue.js";
import type { SendBudget } from "./send-budget.js";

/** A recipient as stored. */
export type Recipient = Selectable<PeopleTable>;

export interface RenderInput {
  db: Kysely<Database>;
  /** The recipient, or null for a row addressed to a bare chat. */
  person: Recipient | null;
  params: Record<string, unknown>;
  row: OutboxRow;
  now: number;
}

/** Builds a message at send time; null means "no longer needed" and the row is cancelled. */
export type Renderer = (input: RenderInput) => Promise<ReadyMessage | null>;

export type SettledStatus = "sent" | "blocked" | "failed" | "cancelled";

export interface DispatcherOptions {
  db: Kysely<Database>;
  /** A Bot API client without auto-retry: the dispatcher handles 429 itself, for all sends at once. */
  api: Api;
  clock: Clock;
  logger: Logger;
  renderers: ReadonlyMap<string, Renderer>;
  /** Told when Telegram says a chat cannot be reached (the person blocked the bot, or is gone). */
  onBlocked?: (chatId: number, at: number) => Promise<void>;
  /** The one budget of everything the bot sends (replies go first). */
  budget: SendBudget;
  perSecond: number;
  maxInFlight?: number;
  maxAttempts?: number;
}

/** How far ahead the dispatcher sets a timer for the next due row (beyond it, the tick wakes it). */
const NEXT_DUE_HORIZON_MS = 1_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class Dispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly listeners: ((row: OutboxRow, status: SettledStatus) => void)[] = [];
  private draining: Promise<void> | undefined;
  private wakeAgain = false;
  private stopped = false;
  private started = false;
  private nextDueTimer: NodeJS.Timeout | undefined;
  private armedFor: number | undefined;

  constructor(private readonly o: DispatcherOptions) {}

  /** Re-queues rows a crash left half-sent, then sends what is due. */
  async start(): Promise<void> {
    const requeued = await requeueInterrupted(this.o.db, this.o.clock.now());
    if (requeued)
      this.o.logger.warn({ requeued }, "outbox: rows interrupted by the last stop are sent again");
    this.started = true;
    this.wake();
  }

  /** Called when something was queued and on every tick; cheap when nothing is due. */
  wake(): void {
    if (this.stopped || !this.started) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) =>
        this.o.logger.error(
          { err: String(error) },
          "outbox: dispatcher loop failed; it starts again at the next tick. If this repeats, check /healthz and the disk the database is on",
        ),
      )
      .finally(() => {
        this.draining = undefined;
        if (this.wakeAgain && !this.stopped) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  /** Listens to each row's final outcome (progress reports). */
  onSettled(listener: (row: OutboxRow, status: SettledStatus) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Nothing is due: when the next row falls due before the next tick, wake for it then, so a
   * reminder goes out at its minute rather than up to a tick later. The tick still wakes us anyway.
   */
  private async wakeAtNextDue(now: number): Promise<void> {
    const next = await nextDueAt(this.o.db);
    if (next === undefined || next <= now || next - now > NEXT_DUE_HORIZON_MS) return;
    // Once per due time: a clock that does not follow real time (tests) must not make this spin.
    if (next === this.armedFor) return;
    this.armedFor = next;
    if (this.nextDueTimer) clearTimeout(this.nextDueTimer);
    this.nextDueTimer = setTimeout(() => {
      this.nextDueTimer = undefined;
      this.wake();
    }, next - now);
    this.nextDueTimer.unref();
  }

  /** Stops claiming and waits for the sends in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.nextDueTimer) clearTimeout(this.nextDueTimer);
    await this.draining;
    await Promise.all(this.inFlight);
  }

  /** Resolves when nothing is being sent (for benchmarks and tests). */
  async idle(): Promise<void> {
    while (this.draining || this.inFlight.size) {
      await this.draining;
      await Promise.all(this.inFlight);
    }
  }

  get sending(): number {
    return this.inFlight.size;
  }

  private async drain(): Promise<void> {
    const maxInFlight = this.o.maxInFlight ?? 16;
    const batch = Number.isFinite(this.o.perSecond) ? Math.max(1, Math.ceil(this.o.perSecond)) : 32;
    while (!this.stopped) {
      this.wakeAgain = false;
      const now = this.o.clock.now();
      const wait = this.o.budget.bulkWaitMs();
      if (wait > 0) {
        await sleep(Math.min(wait, 1000));
        continue;
      }
      const room = Math.min(maxInFlight - this.inFlight.size, batch);
      // Claim in chunks: a claim per finished send would cost a query per message.
      if (room <= 0 || (room < Math.min(batch, maxInFlight / 2) && this.inFlight.size > 0)) {
        await Promise.race(this.inFlight);
        continue;
      }
      const busy = this.o.budget.busyChats();
      const rows = await claimDue(this.o.db, now, room, busy);
      if (rows.length === 0) {
        if (this.inFlight.size) {
          await Promise.race(this.inFlight);
          continue;
        }
        if (busy.length && (await this.dueForBusyChats(now, busy))) {
          await sleep(250);
          continue;
        }
        await this.wakeAtNextDue(now);
        break;
      }
      const people = await this.recipients(rows);
      for (const row of rows) {
        if (this.stopped) {
          await retryLater(
            this.o.db,
            row.id,
            row.due_at,
            "stopped before sending",
            this.o.clock.now(),
            false,
          );
          continue;
        }
        for (let w = this.o.budget.bulkWaitMs(); w > 0; w = this.o.budget.bulkWaitMs()) await sleep(w);
        this.o.budget.recordBulk(row.chat_id);
        const person = row.person_id === null ? null : (people.get(row.person_id) ?? null);
        const task: Promise<void> = this.send(row, person).finally(() => this.inFlight.delete(task));
        this.inFlight.add(task);
      }
    }
  }

  /** The recipients of a batch in one query. */
  private async recipients(rows: readonly OutboxRow[]): Promise<Map<number, Recipient>> {
    const ids = [...new Set(rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id])))];
    if (!ids.length) return new Map();
    const people = await this.o.db.selectFrom("people").selectAll().where("id", "in", ids).execute();
    return new Map(people.map((p) => [p.id, p]));
  }

  private async dueForBusyChats(now: number, busy: number[]): Promise<boolean> {
    const row = await this.o.db
      .selectFrom("outbox")
      .select("id")
      .where("status", "=", "pending")
      .where("due_at", "<=", now)
      .where("chat_id", "in", busy)
      .limit(1)
      .executeTakeFirst();
    return !!row;
  }

  private settle(row: OutboxRow, status: SettledStatus): void {
    for (const listener of this.listeners) {
      try {
        listener(row, status);
      } catch (error) {
        this.o.logger.error(
          { err: String(error) },
          "outbox: listener failed (a bug: report this line to the developers; sending goes on)",
        );
      }
    }
  }

  private async send(row: OutboxRow, person: Recipient | null): Promise<void> {
    const { db, clock, logger } = this.o;
    const log = logger.child({ outbox: row.id, kind: row.kind, chat: row.chat_id });
    const now = clock.now();
    if (row.expires_at !== null && row.expires_at <= now) {
      log.info(
        { due: row.due_at, expired: row.expires_at },
        "outbox: dropped, the moment it announces has passed",
      );
      await markCancelled(db, row.id, "expired", now);
      return this.settle(row, "cancelled");
    }
    let message: ReadyMessage | null;
    try {
      message = await this.prepare(row, person, now);
    } catch (error) {
      log.error(
        { err: String(error) },
        "outbox: could not render, the message is marked failed (a bug: report this line to the developers)",
      );
      await markFailed(db, row.id, `render: ${String(error)}`.slice(0, 500), clock.now());
      return this.settle(row, "failed");
    }
    if (!message) {
      await markCancelled(db, row.id, "no longer needed", now);
      return this.settle(row, "cancelled");
    }
    try {
      const sent = await deliver(this.o.api, row.chat_id, message);
      await markSent(db, row.id, sent.message_id, clock.now());
      this.settle(row, "sent");
    } catch (error) {
      const outcome = classifySendError(error);
      const at = clock.now();
      switch (outcome.kind) {
        case "rate_limited":
          this.o.budget.pause(outcome.retryAfterMs);
          log.warn({ retryAfterMs: outcome.retryAfterMs }, "outbox: 429, all sending paused");
          await retryLater(db, row.id, at + outcome.retryAfterMs, outcome.reason, at, false);
          return;
        case "blocked":
          await markBlocked(db, row.id, outcome.reason, at);
          await this.o.onBlocked?.(row.chat_id, at);
          log.info({ reason: outcome.reason }, "outbox: recipient unreachable");
          return this.settle(row, "blocked");
        case "transient":
          if (row.attempts < (this.o.maxAttempts ?? 5)) {
            await retryLater(db, row.id, at + backoffMs(row.attempts), outcome.reason, at, true);
            log.warn({ attempt: row.attempts, reason: outcome.reason }, "outbox: will retry");
            return;
          }
          await markFailed(db, row.id, outcome.reason, at);
          log.error(
            { reason: outcome.reason },
            "outbox: failed after retries, the message is marked failed; if many fail, check that the server reaches api.telegram.org",
          );
          return this.settle(row, "failed");
        case "permanent":
          await markFailed(db, row.id, outcome.reason, at);
          log.error(
            { reason: outcome.reason },
            "outbox: refused by Telegram, the message is marked failed (the reason says why; report it to the developers if it is not a deleted chat)",
          );
          return this.settle(row, "failed");
      }
    }
  }

  private async prepare(row: OutboxRow, person: Recipient | null, now: number): Promise<ReadyMessage | null> {
    const content = JSON.parse(row.content) as OutboxContent;
    if (person && person.deactivated_at !== null) return null;
    if (content.type !== "render") return content;
    const renderer = this.o.renderers.get(content.renderer);
    if (!renderer) throw new Error(`no renderer named ${content.renderer}`);
    return renderer({ db: this.o.db, person, params: content.params, row, now });
  }
}

/** Sends one ready message. */
export async function deliver(api: Api, chatId: number, m: ReadyMessage): Promise<Message> {
  const reply_markup = m.buttons ? { inline_keyboard: m.buttons } : undefined;
  switch (m.type) {
    case "text":
      return api.sendMessage(chatId, m.text, {
        ...(m.parseMode ? { parse_mode: m.parseMode } : {}),
        ...(m.entities ? { entities: m.entities } : {}),
        ...(reply_markup ? { reply_markup } : {}),
        link_preview_options: { is_disabled: true },
      });
    case "photo":
      return api.sendPhoto(chatId, m.fileId, {
        ...(m.caption !== undefined ? { caption: m.caption } : {}),
        ...(m.parseMode ? { parse_mode: m.parseMode } : {}),
        ...(m.captionEntities ? { caption_entities: m.captionEntities } : {}),
        ...(reply_markup ? { reply_markup } : {}),
      });
    case "document": {
      const file =
        m.fileId ??
        (m.file ? new InputFile(Buffer.from(m.file.base64, "base64"), m.file.filename) : undefined);
      if (!file) throw new Error("document without a file");
      return api.sendDocument(chatId, file, {
        ...(m.caption !== undefined ? { caption: m.caption } : {}),
        ...(m.parseMode ? { parse_mode: m.parseMode } : {}),
        ...(m.captionEntities ? { caption_entities: m.captionEntities } : {}),
        ...(reply_markup ? { reply_markup } : {}),
      });
    }
  }
}
