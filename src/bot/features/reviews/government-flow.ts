/**
 * "Passed to government": after an adopted round, the state's coordinator confirms the day the
 * recommendations were passed to the government (today, or a date typed as DD.MM.YYYY) and may add
 * a note. Recorded only at the end; Cancel or /cancel records nothing.
 */
import { isDomainError } from "../../../domain/errors.js";
import { isBlank } from "../../../domain/free-text.js";
import { effectiveTimeZone } from "../../../domain/people/time-zones.js";
import { getState } from "../../../domain/reference.js";
import { assertCanConfirm, confirmPassedToGovernment } from "../../../domain/reviews/government.js";
import { calendarDay, parseDayMonthYear } from "../../../domain/reviews/local-time.js";
import { MAX_REVIEW_TEXT, roundText } from "../../../domain/reviews/rounds.js";
import type { BotConversation, FlowContext } from "../../context.js";
import { formatDate } from "../../dates.js";
import { answerRefusal } from "../../press-answers.js";
import { whereOf } from "./card-data.js";
import { cancelTextKeyboard, governmentNote, noNoteKeyboard } from "./keyboards.js";

export const GOVERNMENT_FLOW = "review-government";

type Refusal = { refused: string; params: Record<string, string | number> };
type Context = { zone: string; today: string; state: string; title: string };

/** Entered from the request's buttons: `today` or `date`. */
export async function governmentFlow(
  conversation: BotConversation,
  ctx: FlowContext,
  args: { roundId: number; mode: "today" | "date" },
): Promise<void> {
  const t = ctx.t;
  const check = (day: string | null) =>
    conversation.external(async (outer): Promise<Context | Refusal> => {
      try {
        const w = whereOf(outer);
        const zone = await effectiveTimeZone(w.db, w.person, w.defaultTimeZone);
        const { stateCode } = await assertCanConfirm(
          w.db,
          w.person,
          { roundId: args.roundId, passedOn: day, timeZone: zone },
          w.now,
        );
        return {
          zone,
          today: calendarDay(w.now, zone),
          state: (await getState(w.db, stateCode, w.lang))?.name ?? stateCode,
          title: (await roundText(w.db, args.roundId, w.docLang)).title,
        };
      } catch (error) {
        if (isDomainError(error)) return { refused: error.key, params: error.params };
        throw error;
      }
    });

  const first = await check(null);
  if ("refused" in first) {
    await answerRefusal(ctx, first.refused, first.params, t);
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);

  let day = first.today;
  if (args.mode === "date") {
    await ctx.reply(t("reviews:government.ask_date"), { reply_markup: cancelTextKeyboard(t) });
    for (;;) {
      const next = await conversation.wait();
      if (next.callbackQuery) {
        await next.answerCallbackQuery();
        await ctx.reply(t("reviews:government.cancelled"));
        return;
      }
      const typed = next.message?.text?.trim();
      const parsed = typed ? parseDayMonthYear(typed) : undefined;
      if (!parsed) {
        await next.reply(t("reviews:government.date_invalid"));
        continue;
      }
      const fits = await check(parsed);
      if ("refused" in fits) {
        await next.reply(t(`errors:${fits.refused}`, fits.params));
        continue;
      }
      day = parsed;
      break;
    }
  }

  const dayShown = formatDate(Date.parse(`${day}T12:00:00Z`), "UTC", ctx.lang);
  await ctx.reply(t("reviews:government.ask_note", { date: dayShown, max: MAX_REVIEW_TEXT }), {
    reply_markup: noNoteKeyboard(t),
  });
  let note: string | null = null;
  for (;;) {
    const next = await conversation.wait();
    const data = next.callbackQuery?.data;
    if (data !== undefined) {
      const choice = governmentNote.unpack(data);
      await next.answerCallbackQuery();
      if (choice?.action === "none") break;
      await ctx.reply(t("reviews:government.cancelled"));
      return;
    }
    const text = next.message?.text?.trim();
    if (!text || isBlank(text) || text.startsWith("/")) {
      await next.reply(t("reviews:government.note_expected"));
      continue;
    }
    if (text.length > MAX_REVIEW_TEXT) {
      await next.reply(t("reviews:text_too_long", { length: text.length, max: MAX_REVIEW_TEXT }));
      continue;
    }
    note = text;
    break;
  }

  const saved = await conversation.external(async (outer): Promise<{ ok: true } | Refusal> => {
    try {
      const w = whereOf(outer);
      await confirmPassedToGovernment(
        w.db,
        w.person,
        { roundId: args.roundId, passedOn: day, note, timeZone: first.zone },
        w.now,
      );
      return { ok: true };
    } catch (error) {
      if (isDomainError(error)) return { refused: error.key, params: error.params };
      throw error;
    }
  });
  if ("refused" in saved) {
    await ctx.reply(t(`errors:${saved.refused}`, saved.params));
    return;
  }
  await ctx.reply(
    t("reviews:government.recorded", { state: first.state, date: dayShown, title: first.title }),
    {
      parse_mode: "HTML",
    },
  );
}
