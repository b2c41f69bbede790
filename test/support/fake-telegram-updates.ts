/**
 * The update queue of the fake Telegram server: update_id assignment, getUpdates long polling with
 * offset confirmation, allowed_updates filtering, forced re-delivery of duplicates, and webhook
 * delivery (POST with X-Telegram-Bot-Api-Secret-Token, retried until the endpoint answers 2xx).
 */
import type { Update } from "grammy/types";
import { TelegramApiFailure } from "./fake-telegram-types.js";

/** The webhook configured with setWebhook. */
export interface WebhookState {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

interface Entry {
  update: Update;
  /** Re-delivered duplicate: served even though its update_id was already confirmed. */
  forced: boolean;
  delivered: boolean;
}

interface Waiter {
  limit: number;
  resolve: (updates: Update[]) => void;
  reject: (failure: TelegramApiFailure) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_EXCLUDED = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

/** The type of an update: its only key besides update_id. */
export const updateType = (u: Update): string => Object.keys(u).find((k) => k !== "update_id") ?? "unknown";

/** Pending updates, long polls and webhook delivery. */
export class UpdateQueue {
  /** Every update ever pushed (duplicates are not repeated here). */
  readonly history: Update[] = [];
  /** Updates dropped because allowed_updates excluded their type. */
  readonly filtered: Update[] = [];
  /** When each update was first handed to the bot (getUpdates answer or webhook POST), in clock ms. */
  readonly handedOutAt = new Map<number, number>();
  allowedUpdates: string[] | undefined;
  webhook: WebhookState | undefined;
  webhookRetryMs = 200;
  private nextId = 1;
  private pending: Entry[] = [];
  private waiter: Waiter | undefined;
  private delivering = false;
  private stopped = false;

  constructor(
    private readonly onChange: () => void,
    private readonly onWebhookReply: (body: string) => void,
    private readonly unix: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Queue an update, assigning the next update_id unless one is given. */
  push(partial: Omit<Update, "update_id"> & { update_id?: number }): Update {
    const update = { ...partial, update_id: partial.update_id ?? this.nextId } as Update;
    this.nextId = Math.max(this.nextId, update.update_id + 1);
    this.history.push(update);
    this.pending.push({ update, forced: false, delivered: false });
    this.kick();
    return update;
  }

  /** Deliver an already pushed update again, with the same update_id. */
  duplicate(updateId: number): Update {
    const update = this.history.find((u) => u.update_id === updateId);
    if (!update) throw new Error(`pushDuplicate: no update with update_id ${updateId} was pushed`);
    this.pending.push({ update, forced: true, delivered: false });
    this.kick();
    return update;
  }

  pendingCount(): number {
    return this.pending.filter((e) => !(e.forced && e.delivered)).length;
  }

  /** getUpdates: confirm by offset, then answer at once or when an update arrives / the timeout ends. */
  poll(offset: number, limit: number, timeoutSeconds: number, signal: AbortSignal): Promise<Update[]> {
    if (this.webhook) {
      throw new TelegramApiFailure(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    this.endWaiter(
      new TelegramApiFailure(
        409,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      ),
    );
    this.confirm(offset);
    const batch = this.take(limit);
    if (batch.length > 0 || timeoutSeconds <= 0 || this.stopped) return Promise.resolve(batch);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        limit,
        resolve,
        reject,
        timer: setTimeout(() => this.endWaiter([]), timeoutSeconds * 1000),
      };
      this.waiter = waiter;
      signal.addEventListener("abort", () => {
        if (this.waiter === waiter) this.endWaiter([]);
      });
    });
  }

  setWebhook(hook: WebhookState, dropPending: boolean): void {
    if (dropPending) this.pending = [];
    this.endWaiter(new TelegramApiFailure(409, "Conflict: terminated by setWebhook request"));
    this.webhook = hook;
    this.kick();
  }

  deleteWebhook(dropPending: boolean): boolean {
    const had = this.webhook !== undefined;
    this.webhook = undefined;
    if (dropPending) this.pending = [];
    return had;
  }

  /** Serve long polls and webhooks again after stop(). */
  resume(): void {
    this.stopped = false;
  }

  /** End pending long polls (answered with []) and stop webhook delivery. */
  stop(): void {
    this.stopped = true;
    this.endWaiter([]);
  }

  private endWaiter(outcome: Update[] | TelegramApiFailure): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    if (outcome instanceof TelegramApiFailure) w.reject(outcome);
    else w.resolve(outcome);
  }

  private confirm(offset: number): void {
    if (offset < 0) {
      this.pending = this.pending.slice(offset);
    } else if (offset > 0) {
      this.pending = this.pending.filter((e) => e.update.update_id >= offset || (e.forced && !e.delivered));
    }
  }

  private isAllowed(u: Update): boolean {
    const allowed = this.webhook?.allowedUpdates ?? this.allowedUpdates;
    const type = updateType(u);
    return allowed && allowed.length > 0 ? allowed.includes(type) : !DEFAULT_EXCLUDED.has(type);
  }

  /** The next batch: either a run of re-delivered duplicates or a run of regular updates. */
  private take(limit: number): Update[] {
    this.dropDisallowed();
    const live = this.pending.filter((e) => !(e.forced && e.delivered));
    const first = live[0];
    if (!first) return [];
    const run: Entry[] = [];
    for (const e of live) {
      if (e.forced !== first.forced || run.length >= limit) break;
      run.push(e);
    }
    const at = this.now();
    for (const e of run) {
      e.delivered = true;
      this.noteHandedOut(e.update, at);
    }
    return run.map((e) => e.update);
  }

  private noteHandedOut(update: Update, at: number): void {
    if (!this.handedOutAt.has(update.update_id)) this.handedOutAt.set(update.update_id, at);
  }

  private dropDisallowed(): void {
    const kept: Entry[] = [];
    for (const e of this.pending) {
      if (this.isAllowed(e.update)) kept.push(e);
      else this.filtered.push(e.update);
    }
    this.pending = kept;
  }

  private kick(): void {
    this.onChange();
    if (this.webhook) {
      void this.deliver();
      return;
    }
    const w = this.waiter;
    if (!w) return;
    const batch = this.take(w.limit);
    if (batch.length > 0) this.endWaiter(batch);
  }

  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let hook = this.webhook; hook && !this.stopped; hook = this.webhook) {
        this.dropDisallowed();
        const entry = this.pending[0];
        if (!entry) break;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (hook.secretToken) headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secretToken;
        this.noteHandedOut(entry.update, this.now());
        try {
          const res = await fetch(hook.url, {
            method: "POST",
            headers,
            body: JSON.stringify(entry.update),
            signal: AbortSignal.timeout(10_000),
          });
          const body = await res.text();
          if (!res.ok) throw new Error(`Wrong response from the webhook: ${res.status} ${res.statusText}`);
          this.pending = this.pending.filter((e) => e !== entry);
          entry.delivered = true;
          if (body.trim().startsWith("{")) this.onWebhookReply(body);
          this.onChange();
        } catch (err) {
          hook.lastErrorDate = this.unix();
          hook.lastErrorMessage = err instanceof Error ? err.message : String(err);
          this.onChange();
          await new Promise((r) => setTimeout(r, this.webhookRetryMs));
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}
