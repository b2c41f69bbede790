/**
 * How a conversation waits for a person: for a button of the current step (anything else is
 * answered and ignored) or for a line of text within a length limit.
 *
 * An update that is answered and ignored is dropped from the conversation (`skip`), as if it had
 * never come: otherwise each one stays in the flow's saved state and is replayed on every later
 * update, so a person who kept typing where a button was expected would make every later step
 * slower and the saved state larger.
 */
import type { CallbackQueryContext, Filter } from "grammy";
import { isBlank } from "../domain/free-text.js";
import type { CallbackKind } from "./callback-data.js";
import type { BotConversation, FlowContext } from "./context.js";
import type { Translate } from "./i18n.js";
import { answerPress } from "./press-answers.js";

/** Waits until the person presses a button of one of the given kinds; returns its context and values. */
export async function waitForButton<F extends string>(
  conversation: BotConversation,
  kind: CallbackKind<F>,
  t?: Translate,
): Promise<{ ctx: CallbackQueryContext<FlowContext>; values: Record<F, string> }> {
  const ctx = await conversation.wait();
  const data = ctx.callbackQuery?.data;
  const values = data ? kind.unpack(data) : undefined;
  if (values && ctx.callbackQuery) {
    return { ctx: ctx as CallbackQueryContext<FlowContext>, values };
  }
  await explainExpectedButton(ctx, t ?? ctx.t);
  return ignore(conversation);
}

/** Drops the update just answered from the flow's state and waits again at the same step. */
export async function ignore(conversation: BotConversation): Promise<never> {
  await conversation.skip({ next: false });
  throw new Error("unreachable: skip returns to the last wait");
}

/** Answers an update that is not the button the step waits for. */
export async function explainExpectedButton(ctx: FlowContext, t: Translate = ctx.t): Promise<void> {
  if (ctx.callbackQuery) {
    await answerPress(ctx, "common:button_stale", { alert: true, t: t });
  } else if (ctx.message?.text?.startsWith("/")) {
    await ctx.reply(t("common:finish_or_cancel"));
  } else {
    await ctx.reply(t("common:use_buttons"));
  }
}

/**
 * Waits for a text message of at most `maxLength` characters. A button press from this step
 * (matching `orButton`) is returned instead, so a step can offer both.
 */
export async function waitForText<F extends string = never>(
  conversation: BotConversation,
  maxLength: number,
  orButton?: CallbackKind<F>,
  tOverride?: Translate,
): Promise<
  | { text: string; ctx: Filter<FlowContext, "message:text"> }
  | { button: Record<F, string>; ctx: CallbackQueryContext<FlowContext> }
> {
  const ctx = await conversation.wait();
  const t = tOverride ?? ctx.t;
  const data = ctx.callbackQuery?.data;
  if (orButton && data && ctx.callbackQuery) {
    const values = orButton.unpack(data);
    if (values) return { button: values, ctx: ctx as CallbackQueryContext<FlowContext> };
  }
  if (ctx.callbackQuery) {
    await answerPress(ctx, "common:button_stale", { alert: true, t: t });
    return ignore(conversation);
  }
  const text = ctx.message?.text;
  if (text === undefined) {
    await ctx.reply(t("common:text_expected"));
    return ignore(conversation);
  }
  if (text.startsWith("/")) {
    await ctx.reply(t("common:finish_or_cancel"));
    return ignore(conversation);
  }
  const trimmed = text.trim();
  if (isBlank(trimmed)) {
    await ctx.reply(t("common:text_expected"));
    return ignore(conversation);
  }
  if (trimmed.length > maxLength) {
    await ctx.reply(t("common:text_too_long", { max: maxLength, length: trimmed.length }));
    return ignore(conversation);
  }
  return { text: trimmed, ctx: ctx as Filter<FlowContext, "message:text"> };
}
