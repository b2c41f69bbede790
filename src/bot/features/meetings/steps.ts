/**
 * Steps shared by the meeting flows: waiting for a button of the current step only, reading the
 * process clock, and asking for a date and time in a zone (or a duration) until the answer is
 * readable and passes the rule given; each failure is explained and the step asked again.
 */
import type { CallbackQueryContext } from "grammy";
import { isDomainError } from "../../../domain/errors.js";
import { parseDuration, parseWallTime, wallTimeToUtc } from "../../../domain/wall-time.js";
import type { BotConversation, FlowContext } from "../../context.js";
import { zoneLabel } from "../../dates.js";
import type { Translate } from "../../i18n.js";
import { answerPress } from "../../press-answers.js";
import { waitForButton, waitForText } from "../../waiting.js";
import { meetingStep } from "./keyboards.js";

/** The process clock, read through the conversation so replays see the same instant. */
export function clockNow(conversation: BotConversation): Promise<number> {
  return conversation.external((outer) => outer.deps.clock.now());
}

/** Waits for a button of `step` (older steps' buttons are answered as stale). */
export async function waitStepButton(
  conversation: BotConversation,
  step: string,
  t: Translate,
): Promise<{ v: string; ctx: CallbackQueryContext<FlowContext> }> {
  for (;;) {
    const { ctx, values } = await waitForButton(conversation, meetingStep, t);
    if (values.step === step) return { v: values.v, ctx };
    await answerPress(ctx, "common:button_stale", { alert: true, t: t });
  }
}

/** Waits for text (at most `max` characters) or a button of `step`. */
export async function waitStepText(
  conversation: BotConversation,
  max: number,
  step: string,
  t: Translate,
): Promise<{ text: string } | { v: string }> {
  for (;;) {
    const answer = await waitForText(conversation, max, meetingStep, t);
    if ("text" in answer) return { text: answer.text };
    if (answer.button.step === step) {
      await answer.ctx.answerCallbackQuery();
      await answer.ctx.editMessageReplyMarkup();
      return { v: answer.button.v };
    }
    await answerPress(answer.ctx, "common:button_stale", { alert: true, t: t });
  }
}

/** Runs a domain check; the error key (in `errors`) when it refuses. */
export function refusal(check: () => void): { key: string; params: Record<string, string | number> } | null {
  try {
    check();
    return null;
  } catch (error) {
    if (isDomainError(error)) return { key: error.key, params: error.params };
    throw error;
  }
}

export interface InstantQuestion {
  zone: string;
  /** A date without a time: refused (a start needs its hour), or read as 23:59 that day (a deadline). */
  dateOnly: "refuse" | "end_of_day";
  /** Buttons of this step, answered with their value instead of an instant. */
  step?: string;
  /** A rule the instant must pass (a domain check that throws). */
  check: (instant: number, now: number) => void;
}

/**
 * Asks until the person types a date and time that exists in the zone and passes the check,
 * or presses a button of the step. The prompt with its buttons is the caller's.
 */
export async function askInstant(
  conversation: BotConversation,
  ctx: FlowContext,
  t: Translate,
  q: InstantQuestion,
): Promise<{ instant: number } | { v: string }> {
  for (;;) {
    const answer = await waitStepText(conversation, 40, q.step ?? "-", t);
    if ("v" in answer) return answer;
    const parsed = parseWallTime(answer.text);
    let problem: string;
    if (!parsed.ok) {
      problem = t(`meetings:date_${parsed.reason}`, { input: answer.text });
    } else if (!parsed.hasTime && q.dateOnly === "refuse") {
      problem = t("meetings:date_time_needed", { input: answer.text });
    } else {
      const wall = parsed.hasTime ? parsed.wall : { ...parsed.wall, hour: 23, minute: 59 };
      const instant = wallTimeToUtc(wall, q.zone);
      if (instant === undefined) {
        const around = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
        problem = t("meetings:date_skipped", { input: answer.text, zone: zoneLabel(around, q.zone, t) });
      } else {
        const now = await clockNow(conversation);
        const refused = refusal(() => q.check(instant, now));
        if (!refused) return { instant };
        problem = t(`errors:${refused.key}`, refused.params);
      }
    }
    await ctx.reply(problem, { parse_mode: "HTML" });
  }
}

/** Asks for a duration until it is readable and passes the check; a button of the step gives its minutes. */
export async function askDuration(
  conversation: BotConversation,
  ctx: FlowContext,
  t: Translate,
  step: string,
  check: (minutes: number) => void,
): Promise<number> {
  for (;;) {
    const answer = await waitStepText(conversation, 40, step, t);
    const minutes = "v" in answer ? Number(answer.v) : parseDuration(answer.text);
    if (minutes === undefined || !Number.isFinite(minutes)) {
      const input = "text" in answer ? answer.text : "";
      await ctx.reply(t("meetings:duration_unreadable", { input }), { parse_mode: "HTML" });
      continue;
    }
    const refused = refusal(() => check(minutes));
    if (!refused) return minutes;
    await ctx.reply(t(`errors:${refused.key}`, refused.params), { parse_mode: "HTML" });
  }
}
