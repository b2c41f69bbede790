/**
 * The text step of a review card: the reason of an objection, a comment, or a proposed wording.
 * The objection is recorded only when its reason arrives; Cancel (or /cancel) records nothing.
 * Persisted like every conversation, so a restart in the middle keeps waiting for the text.
 */
import { isDomainError } from "../../../domain/errors.js";
import { isBlank } from "../../../domain/free-text.js";
import { rememberCardMessage } from "../../../domain/reviews/card-messages.js";
import { lastPositionAuthor } from "../../../domain/reviews/position-authors.js";
import { addComment, assertCanAnswer, recordPosition } from "../../../domain/reviews/positions.js";
import { listCards, MAX_REVIEW_TEXT } from "../../../domain/reviews/rounds.js";
import type { BotConversation, FlowContext } from "../../context.js";
import { answerPress, answerRefusal } from "../../press-answers.js";
import { ignore } from "../../waiting.js";
import { tellPositionReplaced } from "./answer-notice.js";
import { type CardData, loadCard, loadSummary, type SummaryData, whereOf } from "./card-data.js";
import { renderCard, renderSummary } from "./card-render.js";
import { cancelText, cancelTextKeyboard } from "./keyboards.js";

export const REVIEW_TEXT_FLOW = "review-text";

export interface TextStep {
  roundId: number;
  itemId: number;
  kind: "object" | "comment" | "amendment";
}

type Refusal = { refused: string; params: Record<string, string | number> };

function refusal(error: unknown): Refusal {
  if (isDomainError(error)) return { refused: error.key, params: error.params };
  throw error;
}

type Shown = { card: CardData } | { summary: SummaryData };

/** The conversation, entered from a card button with the card already checked once. */
export async function reviewTextFlow(
  conversation: BotConversation,
  ctx: FlowContext,
  step: TextStep,
): Promise<void> {
  const t = ctx.t;
  const what = step.kind === "object" ? "position" : step.kind;
  const checked = await conversation.external(async (outer): Promise<{ label: string } | Refusal> => {
    try {
      const w = whereOf(outer);
      await assertCanAnswer(w.db, w.person, { roundId: step.roundId, itemId: step.itemId, what }, w.now);
      const card = (await listCards(w.db, step.roundId, w.docLang)).find((c) => c.id === step.itemId);
      return { label: card?.label ?? "" };
    } catch (error) {
      return refusal(error);
    }
  });
  if ("refused" in checked) {
    await answerRefusal(ctx, checked.refused, checked.params, t);
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  const prompt = await ctx.reply(
    t(`reviews:ask.${step.kind}`, { label: checked.label, max: MAX_REVIEW_TEXT }),
    {
      parse_mode: "HTML",
      reply_markup: cancelTextKeyboard(t),
    },
  );
  const dropPromptButton = () =>
    ctx.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id).catch(() => undefined);

  for (;;) {
    const next = await conversation.wait();
    if (next.callbackQuery) {
      if (next.callbackQuery.data && cancelText.unpack(next.callbackQuery.data)) {
        await next.answerCallbackQuery();
        await dropPromptButton();
        await ctx.reply(t(`reviews:cancelled.${step.kind}`, { label: checked.label }), {
          parse_mode: "HTML",
        });
        await showAgain(conversation, ctx, step, "same");
        return;
      }
      await answerPress(next, "reviews:finish_text_first", { alert: true, t: t });
      return ignore(conversation);
    }
    const text = next.message?.text;
    if (text === undefined) {
      await next.reply(t("reviews:text_expected"));
      return ignore(conversation);
    }
    if (text.startsWith("/")) {
      await next.reply(t("common:finish_or_cancel"));
      return ignore(conversation);
    }
    const trimmed = text.trim();
    if (isBlank(trimmed)) {
      await next.reply(t("reviews:text_expected"));
      return ignore(conversation);
    }
    if (trimmed.length > MAX_REVIEW_TEXT) {
      await next.reply(t("reviews:text_too_long", { length: trimmed.length, max: MAX_REVIEW_TEXT }));
      return ignore(conversation);
    }
    const saved = await conversation.external(async (outer): Promise<{ ok: true } | Refusal> => {
      try {
        const w = whereOf(outer);
        if (step.kind === "object") {
          const replacedBy = await lastPositionAuthor(
            w.db,
            step.roundId,
            step.itemId,
            w.person.state_code ?? "",
          );
          await recordPosition(
            w.db,
            w.person,
            { roundId: step.roundId, itemId: step.itemId, position: "object", reason: trimmed },
            w.now,
          );
          await tellPositionReplaced(outer.deps, w.person, step.roundId, replacedBy, w.now);
        } else
          await addComment(
            w.db,
            w.person,
            { roundId: step.roundId, itemId: step.itemId, kind: step.kind, text: trimmed },
            w.now,
          );
        return { ok: true };
      } catch (error) {
        return refusal(error);
      }
    });
    await dropPromptButton();
    if ("refused" in saved) {
      await next.reply(t(`errors:${saved.refused}`, saved.params), { parse_mode: "HTML" });
      await showAgain(conversation, ctx, step, "same");
      return;
    }
    await next.reply(t(`reviews:recorded.${step.kind}`, { label: checked.label }), { parse_mode: "HTML" });
    await showAgain(conversation, ctx, step, step.kind === "object" ? "next" : "same");
    return;
  }
}

/** Sends the card again (or the next one, or the summary after the last) as the live card. */
async function showAgain(
  conversation: BotConversation,
  ctx: FlowContext,
  step: TextStep,
  which: "same" | "next",
): Promise<void> {
  const shown = await conversation.external(async (outer): Promise<Shown | Refusal> => {
    try {
      const w = whereOf(outer);
      const cards = await listCards(w.db, step.roundId, w.docLang);
      const ordinal = cards.find((c) => c.id === step.itemId)?.ordinal ?? 1;
      if (which === "next" && ordinal >= cards.length) return { summary: await loadSummary(w, step.roundId) };
      return { card: await loadCard(w, step.roundId, which === "next" ? ordinal + 1 : ordinal) };
    } catch (error) {
      return refusal(error);
    }
  });
  if ("refused" in shown) {
    await ctx.reply(ctx.t(`errors:${shown.refused}`, shown.params));
    return;
  }
  const { text, keyboard } =
    "card" in shown ? renderCard(ctx.t, shown.card) : renderSummary(ctx.t, shown.summary);
  const sent = await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
  await conversation.external(async (outer) => {
    const w = whereOf(outer);
    await rememberCardMessage(w.db, w.person.id, step.roundId, sent.message_id, w.now);
  });
}
