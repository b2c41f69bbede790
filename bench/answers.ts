/**
 * How long people wait, read from what the fake server recorded: for each update, the time from the
 * moment getUpdates handed it to the bot to the bot's first answer to it, that is its first
 * successful sendMessage, edit or file in that chat, or answerCallbackQuery for that press. Messages
 * the bot sends on its own (an announcement's copies) are left out by the caller's `ignore`.
 */
import type { ApiCall, FakeTelegram } from "../test/support/fake-telegram.js";
import type { Issued } from "./member-mix.js";

const CHAT_ANSWERS = new Set([
  "sendmessage",
  "sendphoto",
  "senddocument",
  "copymessage",
  "editmessagetext",
  "editmessagecaption",
  "editmessagereplymarkup",
]);

export interface Waits {
  /** Milliseconds per answered update, in the order issued. */
  ms: number[];
  unanswered: number;
}

/**
 * Waits of the issued updates. With `visibleOnly`, a press counts from its first message or edit
 * in the chat (what the person reads), not from the callback answer (the spinner stopping).
 */
export function waitsOf(
  fake: FakeTelegram,
  issued: readonly Issued[],
  options: { ignore?: (call: ApiCall) => boolean; visibleOnly?: boolean } = {},
): Waits {
  const byChat = new Map<number, number[]>();
  const byQuery = new Map<string, number>();
  for (const call of fake.calls) {
    if (!call.response?.ok || options.ignore?.(call)) continue;
    const method = call.method.toLowerCase();
    if (method === "answercallbackquery") {
      const id = String(call.params.callback_query_id);
      if (!byQuery.has(id)) byQuery.set(id, call.at);
    } else if (CHAT_ANSWERS.has(method)) {
      const chatId = Number(call.params.chat_id);
      const list = byChat.get(chatId) ?? [];
      list.push(call.at);
      byChat.set(chatId, list);
    }
  }
  const ms: number[] = [];
  let unanswered = 0;
  for (const u of issued) {
    const handedOut = fake.handedOutAt(u.updateId);
    if (handedOut === undefined) {
      unanswered++;
      continue;
    }
    const inChat = byChat.get(u.chatId)?.find((at) => at >= handedOut);
    const query = u.queryId !== undefined && !options.visibleOnly ? byQuery.get(u.queryId) : undefined;
    const first = [inChat, query].filter((at): at is number => at !== undefined && at >= handedOut);
    if (first.length === 0) unanswered++;
    else ms.push(Math.min(...first) - handedOut);
  }
  return { ms, unanswered };
}

/** Nearest-rank percentile of the values (NaN when there are none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

/** "p50 12 ms, p95 40 ms, p99 80 ms" of the waits, with how many were measured. */
export function describeWaits(w: Waits): string {
  const f = (p: number) => `p${p} ${percentile(w.ms, p).toFixed(0)} ms`;
  const missing = w.unanswered > 0 ? `, ${w.unanswered} unanswered` : "";
  return `${f(50)}, ${f(95)}, ${f(99)}, max ${Math.max(...w.ms, 0).toFixed(0)} ms (${w.ms.length} updates${missing})`;
}

/** The 429 answers the server gave, split by where they went. */
export interface Throttled {
  total: number;
  overall: number;
  chat: number;
  /** To the announcement's recipients (its copies). */
  broadcast: number;
  /** To the secretariat's chat (the progress message, its edits, the report). */
  secretariat: number;
  /** To members' chats that were not copies of the announcement (replies to what they did). */
  replies: number;
}

/** The 429s of calls that arrived within [from, to) (all of them by default). */
export function throttled(
  fake: FakeTelegram,
  isBroadcast: (call: ApiCall) => boolean,
  secretariatId: number,
  from = 0,
  to = Number.POSITIVE_INFINITY,
): Throttled {
  const out: Throttled = { total: 0, overall: 0, chat: 0, broadcast: 0, secretariat: 0, replies: 0 };
  const inWindow = (at: number) => at >= from && at < to;
  for (const v of fake.violations) {
    if (!inWindow(v.at)) continue;
    if (v.kind === "overall") out.overall++;
    else out.chat++;
  }
  for (const call of fake.calls) {
    if (!inWindow(call.at) || call.response?.ok !== false || call.response.error_code !== 429) continue;
    out.total++;
    if (Number(call.params.chat_id) === secretariatId) out.secretariat++;
    else if (isBroadcast(call)) out.broadcast++;
    else out.replies++;
  }
  return out;
}

export function describeThrottled(t: Throttled): string {
  return `${t.total} (overall ${t.overall}, per chat ${t.chat}; to recipients ${t.broadcast}, to the secretariat's chat ${t.secretariat}, replies to members ${t.replies})`;
}
