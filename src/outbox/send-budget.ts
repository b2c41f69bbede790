/**
 * One sending budget for everything the bot sends: Telegram allows about `perSecond` messages in
 * any second overall and about one per second to a chat (`chatIntervalMs`), with short bursts in a
 * chat (here at most `chatBurst` in `chatBurst` intervals), counting replies, edits and the outbox
 * alike, and answers 429 beyond. Kept here rather than with grammY's
 * throttler plugin because that one refills its reservoir at fixed instants (so two refills can
 * meet inside one second) and cannot put a person's reply before a broadcast: both were measured
 * as 429s and slow answers during broadcasts (issue 14, item 9).
 *
 * - A reply (a message or edit in answer to someone) waits only for room in the window and in its
 *   chat's burst, and goes before the outbox: while one waits, the outbox sends nothing.
 * - The outbox spaces its sends evenly (a burst after a pause would meet the previous second's
 *   late arrivals at Telegram) and leaves room for replies by waiting whenever one is waiting.
 * - A 429 pauses everything until its `retry_after`.
 * Time here is the machine's monotonic time: limits are about real seconds, whatever the clock.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Transformer } from "grammy";

export interface BudgetOptions {
  perSecond: number;
  chatIntervalMs: number;
  /** Groups get 20 messages a minute. */
  groupIntervalMs?: number;
  /** Messages a chat may get back to back (default 3), as long as the average stays one an interval. */
  chatBurst?: number;
  /** Added to the window so that arrival jitter never makes N+1 land in one second (default 40 ms). */
  safetyMs?: number;
  now?: () => number;
}

/** How much of a late timer the next outbox send may make up. */
const MAX_CATCH_UP_MS = 3;

/** Bot API methods that put a message in a chat or change one: what Telegram's limits count. */
export function isSend(method: string): boolean {
  return (
    (method.startsWith("send") && method !== "sendChatAction") ||
    method.startsWith("editMessage") ||
    method === "copyMessage" ||
    method === "forwardMessage"
  );
}

interface Waiter {
  chatId: number | undefined;
  resolve: () => void;
}

export class SendBudget {
  private readonly starts: number[] = [];
  /** Per chat, the starts of its latest sends (at most `chatBurst`). */
  private readonly byChat = new Map<number, number[]>();
  private readonly replies: Waiter[] = [];
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private lastBulk = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  /** The chat of the Bot API call under way, for the fetch below (see `transformer`). */
  private readonly call = new AsyncLocalStorage<{ method: string; chatId: number | undefined }>();

  constructor(private readonly o: BudgetOptions) {
    this.now = o.now ?? (() => performance.now());
  }

  /** Added to every window: a send may reach Telegram a little later than it left here. */
  private get safety(): number {
    return this.o.safetyMs ?? 40;
  }

  private get window(): number {
    return 1000 + this.safety;
  }

  private get limited(): boolean {
    return Number.isFinite(this.o.perSecond);
  }

  private intervalOf(chatId: number): number {
    return chatId < 0 ? (this.o.groupIntervalMs ?? 3_000) : this.o.chatIntervalMs;
  }

  private prune(now: number): void {
    while (this.starts.length && (this.starts[0] ?? 0) <= now - this.window) this.starts.shift();
  }

  /** Milliseconds until the window has room (0: now), pauses included. */
  private windowWait(now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (!this.limited) return 0;
    this.prune(now);
    return this.starts.length < this.o.perSecond ? 0 : (this.starts[0] ?? now) + this.window - now;
  }

  private get burst(): number {
    return this.o.chatBurst ?? 3;
  }

  /** Until a reply may go to the chat: while `chatBurst` sends fell within `chatBurst` intervals. */
  private chatWait(chatId: number | undefined, now: number): number {
    if (chatId === undefined) return 0;
    const sends = this.byChat.get(chatId);
    if (!sends || sends.length < this.burst) return 0;
    return Math.max(0, (sends[0] ?? now) + this.burst * this.intervalOf(chatId) + this.safety - now);
  }

  private note(chatId: number | undefined, now: number): void {
    if (this.limited) this.starts.push(now);
    if (chatId === undefined) return;
    const sends = this.byChat.get(chatId) ?? [];
    sends.push(now);
    if (sends.length > this.burst) sends.shift();
    this.byChat.set(chatId, sends);
  }

  /** Waits until a reply to `chatId` may go, and counts it. Replies go in the order they asked. */
  reply(chatId: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      this.replies.push({ chatId, resolve });
      this.serveReplies();
    });
  }

  private serveReplies(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    let soonest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.replies.length; ) {
      const waiter = this.replies[i] as Waiter;
      const now = this.now();
      const wait = Math.max(this.windowWait(now), this.chatWait(waiter.chatId, now));
      if (wait <= 0) {
        this.note(waiter.chatId, now);
        this.replies.splice(i, 1);
        waiter.resolve();
        continue;
      }
      soonest = Math.min(soonest, wait);
      i++;
    }
    if (this.replies.length && Number.isFinite(soonest)) {
      this.timer = setTimeout(() => this.serveReplies(), Math.ceil(soonest));
    }
  }

  /** For the outbox: milliseconds before its next send may start (0 when it may start now). */
  bulkWaitMs(): number {
    const now = this.now();
    if (this.replies.length > 0) return Math.max(1, this.windowWait(now));
    const gap = this.limited ? this.window / this.o.perSecond - (now - this.lastBulk) : 0;
    return Math.max(0, gap, this.windowWait(now));
  }

  /** For the outbox: records that a send to `chatId` starts now. */
  recordBulk(chatId: number): void {
    const now = this.now();
    this.note(chatId, now);
    // Count from the slot this send was due in when the timer fired a little late, so that timer
    // overshoot does not add up to a lower rate; never by more than a few ms, so sends do not bunch.
    const gap = this.limited ? this.window / this.o.perSecond : 0;
    this.lastBulk = Math.max(this.lastBulk + gap, now - MAX_CATCH_UP_MS);
  }

  /**
   * Chats the outbox must not send to yet: one that got any message within its interval (the
   * outbox never bursts), or whose burst allowance is used up.
   */
  busyChats(): number[] {
    const now = this.now();
    const busy: number[] = [];
    for (const [chat, sends] of this.byChat) {
      const last = sends[sends.length - 1] ?? Number.NEGATIVE_INFINITY;
      if (now - last < this.intervalOf(chat) + this.safety || this.chatWait(chat, now) > 0) busy.push(chat);
      else if (now - last >= this.burst * this.intervalOf(chat)) this.byChat.delete(chat);
    }
    return busy;
  }

  /** A 429: nobody sends for `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /**
   * For every client that sends replies: notes which chat a call is for, so that `fetch` can count
   * it when it really goes out (the conversations plugin answers a flow's earlier calls from its
   * log, without the network), and pauses everything on a 429.
   */
  transformer(): Transformer {
    return async (prev, method, payload, signal) => {
      const chatId = (payload as { chat_id?: unknown }).chat_id;
      const result = await this.call.run(
        { method, chatId: typeof chatId === "number" ? chatId : undefined },
        () => prev(method, payload, signal),
      );
      const retryAfter = result.ok ? undefined : result.parameters?.retry_after;
      if (retryAfter !== undefined) this.pause(retryAfter * 1000);
      return result;
    };
  }

  /** Wraps the client's fetch: a send waits for the budget just before it goes out. */
  fetch<F extends (...args: never[]) => Promise<unknown>>(base: F): F {
    return (async (...args: Parameters<F>) => {
      const call = this.call.getStore();
      if (call && isSend(call.method)) await this.reply(call.chatId);
      return base(...args);
    }) as F;
  }
}
