/**
 * The door: `/start <code>` starts joining; everyone without a current invitation or membership
 * gets a polite refusal in their Telegram language, and nothing of theirs is kept.
 */
import { createConversation } from "@grammyjs/conversations";
import { Composer } from "grammy";
import {
  checkInvitation,
  isSlowedDown,
  recordFailedAttempt,
  redactCode,
} from "../../../domain/people/invitations.js";
import { isActive } from "../../../domain/people/people.js";
import type { BotContext } from "../../context.js";
import { answerPress } from "../../press-answers.js";
import { refusalLanguages, refusalText } from "../../shared/refusal-languages.js";
import { JOIN_FLOW, joinFlow } from "./flow.js";

/** Strangers are refused at most this often per chat, so a flood gets few answers. */
const REFUSAL_INTERVAL_MS = 30_000;

export function joinFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const lastRefusal = new Map<number, number>();

  feature.use(createConversation(joinFlow, { id: JOIN_FLOW }));

  feature.command("start", async (ctx, next) => {
    const code = ctx.match.trim();
    if (!code) return next();
    const { db, clock } = ctx.deps;
    const now = clock.now();
    const from = ctx.from;
    if (!from) return;
    if (await isSlowedDown(db, from.id, now)) {
      ctx.logger.warn({ code: redactCode(code), from: from.id }, "invitation attempt while slowed down");
      await ctx.reply(refusalText(ctx, "access:too_many_attempts"));
      return;
    }
    const check = await checkInvitation(db, code, now);
    if (!check.ok) {
      // Their own link, pressed again: simply a welcome back.
      if (ctx.person && isActive(ctx.person) && check.usedBy === ctx.person.id) return next();
      await recordFailedAttempt(db, from.id, now);
      ctx.logger.info({ code: redactCode(code), reason: check.reason }, "invitation refused");
      await ctx.reply(refusalText(ctx, `access:${check.reason}`));
      return;
    }
    ctx.logger.info({ code: redactCode(code), invitation: check.invitation.id }, "joining started");
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(JOIN_FLOW, code);
  });

  feature.use(async (ctx, next) => {
    if (ctx.person && isActive(ctx.person)) return next();
    const chatId = ctx.chat?.id ?? ctx.from?.id ?? 0;
    if (ctx.callbackQuery) {
      await answerPress(ctx, ctx.person ? "access:deactivated" : "access:stranger_press", {
        alert: true,
        in: refusalLanguages(ctx),
      });
      return;
    }
    const now = ctx.deps.clock.now();
    const last = lastRefusal.get(chatId);
    if (last !== undefined && now - last < REFUSAL_INTERVAL_MS && now >= last) return;
    lastRefusal.set(chatId, now);
    if (lastRefusal.size > 10_000) lastRefusal.clear();
    await ctx.reply(refusalText(ctx, ctx.person ? "access:deactivated" : "access:stranger"));
  });

  return feature;
}
