/**
 * One tap, one effect, for buttons that create a record or queue messages. A double tap sends two
 * presses of the same button on the same message before the bot has changed that message, and
 * both carry the message as it was. The first takes effect; a second press of the same button on
 * the same message within a few seconds is answered "already done" and goes no further. A chat's
 * updates are handled one after another, so the first has finished when the second is looked at.
 * Kept in memory: a double tap arrives within a second, not across a restart.
 */
import type { BotContext } from "../context.js";
import { answerPress } from "../press-answers.js";

/** Presses of the same button on the same message closer than this are one tap. */
const DOUBLE_TAP_MS = 5_000;
const REMEMBERED = 5_000;
const taken = new Map<string, number>();

/** True the first time; false (after answering "already done") for a repeat of the same tap. */
export async function firstTap(ctx: BotContext): Promise<boolean> {
  const query = ctx.callbackQuery;
  const message = query?.message;
  if (!query || !message) return true;
  const key = `${message.chat.id}:${message.message_id}:${query.data ?? ""}`;
  const now = Date.now();
  const before = taken.get(key);
  if (before !== undefined && now - before < DOUBLE_TAP_MS) {
    ctx.logger.info({ data: query.data }, "second tap of the same button ignored");
    await answerPress(ctx, "common:already_done");
    return false;
  }
  taken.delete(key);
  taken.set(key, now);
  if (taken.size > REMEMBERED) {
    const oldest = taken.keys().next().value;
    if (oldest !== undefined) taken.delete(oldest);
  }
  return true;
}
