/**
 * Flood limits and fault injection for the fake Telegram server: Telegram's documented broadcast
 * limits (about 30 messages/s overall; 1/s per chat with short bursts; 20/min per group) measured in sliding windows
 * over every message the bot sends, edits included (Telegram's flood control counts them too),
 * plus scripted failures (`failNext`), periodic 429s (`rateLimitEvery`) and artificial latency.
 */
import type { ResponseParameters } from "grammy/types";
import { TelegramApiFailure, tooManyRequests } from "./fake-telegram-types.js";

/** Methods that send a new message (flood limits; `rateLimitEvery` counts these only). */
export const SEND_METHODS: ReadonlySet<string> = new Set([
  "sendmessage",
  "sendphoto",
  "senddocument",
  "copymessage",
  "forwardmessage",
]);

/** Methods that change a sent message; flood limits count them like sends (unless `countEdits: false`). */
export const EDIT_METHODS: ReadonlySet<string> = new Set([
  "editmessagetext",
  "editmessagecaption",
  "editmessagereplymarkup",
]);

/** Options of `FakeTelegram#enableLimits`. */
export interface LimitsOptions {
  perSecondOverall?: number;
  perChatPerSecond?: number;
  /**
   * A private chat may get this many messages back to back (default 3: Telegram "may allow short
   * bursts"), as long as it gets no more than that many in as many seconds.
   */
  perChatBurst?: number;
  perGroupPerMinute?: number;
  /** Chats exempt from the per-chat and per-group limits (they still count towards the overall one). */
  exemptChatIds?: number[];
  /**
   * Whether edits count towards the limits (default true, as at Telegram). `false` restores the
   * older, laxer model in which only new messages counted; meant for a test that has to keep
   * passing while the bot learns to budget its edits, not for new tests.
   */
  countEdits?: boolean;
}

/** A send rejected with 429 by limits mode. */
export interface LimitViolation {
  method: string;
  chatId: number;
  kind: "overall" | "chat" | "group";
  retryAfter: number;
  at: number;
}

/** Counters of limits mode (sends and edits are counted whether or not limits are enforced). */
export interface LimitStats {
  accepted: number;
  rejected: number;
  /** Most accepted sends observed in any sliding 1 s window, overall. */
  maxPerSecondOverall: number;
  /** Most accepted sends observed to one chat in any sliding window of `perChatBurst` seconds. */
  maxPerChatPerSecond: number;
  /** Most accepted sends observed in any sliding 60 s window to one group. */
  maxPerGroupPerMinute: number;
  violations: { overall: number; chat: number; group: number };
}

interface Window {
  ms: number;
  times: number[];
}

function countIn(w: Window, now: number): number {
  while (w.times.length > 0 && (w.times[0] ?? 0) <= now - w.ms) w.times.shift();
  return w.times.length;
}

function retryAfter(w: Window, now: number): number {
  return Math.max(1, Math.ceil(((w.times[0] ?? now) + w.ms - now) / 1000));
}

/** Sliding-window accounting of sends; enforces limits once enabled. */
export class SendLimiter {
  readonly violations: LimitViolation[] = [];
  private enabled: Required<LimitsOptions> | undefined;
  private readonly overall: Window = { ms: 1000, times: [] };
  private readonly perChat = new Map<number, Window>();
  private readonly perGroup = new Map<number, Window>();
  private readonly stats: LimitStats = {
    accepted: 0,
    rejected: 0,
    maxPerSecondOverall: 0,
    maxPerChatPerSecond: 0,
    maxPerGroupPerMinute: 0,
    violations: { overall: 0, chat: 0, group: 0 },
  };

  enable(options: LimitsOptions = {}): void {
    this.enabled = {
      perSecondOverall: options.perSecondOverall ?? 30,
      perChatPerSecond: options.perChatPerSecond ?? 1,
      perChatBurst: options.perChatBurst ?? 3,
      perGroupPerMinute: options.perGroupPerMinute ?? 20,
      exemptChatIds: options.exemptChatIds ?? [],
      countEdits: options.countEdits ?? true,
    };
  }

  disable(): void {
    this.enabled = undefined;
  }

  /** Whether a call of `method` counts as a message for the limits (a send, or an edit unless turned off). */
  counts(method: string): boolean {
    const m = method.toLowerCase();
    return SEND_METHODS.has(m) || (EDIT_METHODS.has(m) && (this.enabled?.countEdits ?? true));
  }

  /** Account for one send or edit; returns the 429 to answer when it breaks a limit. */
  attempt(method: string, chatId: number, isGroup: boolean, now: number): TelegramApiFailure | undefined {
    if (!this.counts(method)) return undefined;
    const limits = this.enabled;
    const burst = limits?.perChatBurst ?? 3;
    const chat = this.window(this.perChat, chatId, burst * 1000);
    const group = isGroup ? this.window(this.perGroup, chatId, 60_000) : undefined;
    if (limits) {
      const exempt = limits.exemptChatIds.includes(chatId);
      const checks: [LimitViolation["kind"], Window | undefined, number][] = [
        ["overall", this.overall, limits.perSecondOverall],
        ["chat", exempt || isGroup ? undefined : chat, limits.perChatPerSecond * burst],
        ["group", exempt ? undefined : group, limits.perGroupPerMinute],
      ];
      for (const [kind, w, max] of checks) {
        if (w && countIn(w, now) >= max) {
          const after = retryAfter(w, now);
          this.violations.push({ method, chatId, kind, retryAfter: after, at: now });
          this.stats.rejected++;
          this.stats.violations[kind]++;
          return tooManyRequests(after);
        }
      }
    }
    this.stats.accepted++;
    this.overall.times.push(now);
    chat.times.push(now);
    group?.times.push(now);
    const s = this.stats;
    s.maxPerSecondOverall = Math.max(s.maxPerSecondOverall, countIn(this.overall, now));
    s.maxPerChatPerSecond = Math.max(s.maxPerChatPerSecond, countIn(chat, now));
    if (group) s.maxPerGroupPerMinute = Math.max(s.maxPerGroupPerMinute, countIn(group, now));
    return undefined;
  }

  snapshot(): LimitStats {
    return { ...this.stats, violations: { ...this.stats.violations } };
  }

  private window(map: Map<number, Window>, chatId: number, ms: number): Window {
    let w = map.get(chatId);
    if (!w) {
      w = { ms, times: [] };
      map.set(chatId, w);
    }
    return w;
  }
}

/** Options of `FakeTelegram#failNext`. */
export interface FailOptions {
  error_code: number;
  description: string;
  retry_after?: number;
  parameters?: ResponseParameters;
  /** How many consecutive calls fail (default 1). */
  count?: number;
}

/** Scripted failures, periodic 429s and latency. */
export class FaultInjector {
  latencyMs = 0;
  private readonly scripted = new Map<string, { failure: TelegramApiFailure; remaining: number }[]>();
  private every: { n: number; retryAfter: number } | undefined;
  private sends = 0;

  /** Queue a failure for the next call(s) of `method` ("*" = any method). */
  failNext(method: string, o: FailOptions): void {
    const parameters: ResponseParameters | undefined =
      o.retry_after !== undefined ? { ...o.parameters, retry_after: o.retry_after } : o.parameters;
    const key = method.toLowerCase();
    const list = this.scripted.get(key) ?? [];
    list.push({
      failure: new TelegramApiFailure(o.error_code, o.description, parameters),
      remaining: o.count ?? 1,
    });
    this.scripted.set(key, list);
  }

  /** The scripted failure for this call, if any (consumes it). */
  take(method: string): TelegramApiFailure | undefined {
    for (const key of [method.toLowerCase(), "*"]) {
      const list = this.scripted.get(key);
      const head = list?.[0];
      if (!list || !head) continue;
      head.remaining--;
      if (head.remaining <= 0) list.shift();
      return head.failure;
    }
    return undefined;
  }

  /** Answer 429 on every n-th send (n <= 0 disables). */
  rateLimitEvery(n: number, retryAfterSeconds: number): void {
    this.every = n > 0 ? { n, retryAfter: retryAfterSeconds } : undefined;
    this.sends = 0;
  }

  /** Count a send attempt; returns a 429 if this one is the n-th. */
  periodic(): TelegramApiFailure | undefined {
    if (!this.every) return undefined;
    this.sends++;
    return this.sends % this.every.n === 0 ? tooManyRequests(this.every.retryAfter) : undefined;
  }
}
