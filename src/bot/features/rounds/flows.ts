/**
 * The secretariat's typed steps in /rounds: the deadline (in Almaty time), the nudge lead times,
 * and another language version of a draft sent as a file. Each can be cancelled; each step
 * re-checks in the domain and explains a refusal, then asks again.
 */
import { isDomainError } from "../../../domain/errors.js";
import type { Person } from "../../../domain/people/people.js";
import { OFFICIAL_LANGUAGES } from "../../../domain/reference.js";
import { attachVersion, decodeRoundFile, parseVersions } from "../../../domain/reviews/import.js";
import { setDeadline, setNudgeLeads } from "../../../domain/reviews/lifecycle.js";
import { parseLocalDateTime } from "../../../domain/reviews/local-time.js";
import { REVIEW_TIME_ZONE, roundTexts } from "../../../domain/reviews/rounds.js";
import type { BotContext, BotConversation, FlowContext } from "../../context.js";
import { answerPress } from "../../press-answers.js";
import { noNudgesKeyboard, roundStepCancel, stepCancelKeyboard } from "./keyboards.js";
import { describeProblems, documentProblem, downloadDocument } from "./round-files.js";
import { almatyTime, leadsText, roundCardView } from "./views.js";

export const DEADLINE_FLOW = "rounds-deadline";
export const NUDGES_FLOW = "rounds-nudges";
export const LANGUAGE_FLOW = "rounds-language";

type Refusal = { refused: string; params: Record<string, string | number> };
type Waited = Awaited<ReturnType<BotConversation["wait"]>>;

function refusal(error: unknown): Refusal {
  if (isDomainError(error)) return { refused: error.key, params: error.params };
  throw error;
}

function member(outer: BotContext): Person {
  if (!outer.person) throw new Error("a /rounds step without a person");
  return outer.person;
}

/** Waits for the next update; a cancel button ends the step (true), other buttons are answered. */
async function nextInput(
  conversation: BotConversation,
  ctx: FlowContext,
): Promise<{ cancel: "x" | "none" } | { update: Waited }> {
  for (;;) {
    const next = await conversation.wait();
    const data = next.callbackQuery?.data;
    if (data === undefined) return { update: next };
    const pressed = roundStepCancel.unpack(data);
    if (pressed) await next.answerCallbackQuery();
    else await answerPress(next, "reviews:finish_text_first", { alert: true, t: ctx.t });
    if (pressed?.action === "x" || pressed?.action === "none") {
      await next.editMessageReplyMarkup().catch(() => undefined);
      return { cancel: pressed.action };
    }
  }
}

/** Sends the round's card as a new message at the end of a step. */
async function sendRoundCard(
  conversation: BotConversation,
  ctx: FlowContext,
  roundId: number,
): Promise<void> {
  const view = await conversation.external(async (outer) => {
    const v = await roundCardView(outer.deps.db, outer.t, outer.lang, roundId);
    return { text: v.text, rows: v.keyboard.inline_keyboard };
  });
  await ctx.reply(view.text, { parse_mode: "HTML", reply_markup: { inline_keyboard: view.rows } });
}

/** The deadline, typed as "25.12.2026 18:00" or "2026-12-25 18:00" in Almaty time. */
export async function deadlineFlow(
  conversation: BotConversation,
  ctx: FlowContext,
  roundId: number,
): Promise<void> {
  const t = ctx.t;
  await ctx.reply(t("reviews:rounds.ask_deadline"), {
    parse_mode: "HTML",
    reply_markup: stepCancelKeyboard(t),
  });
  for (;;) {
    const input = await nextInput(conversation, ctx);
    if ("cancel" in input) {
      await ctx.reply(t("reviews:rounds.step_cancelled"));
      return;
    }
    const typed = input.update.message?.text?.trim() ?? "";
    const at = parseLocalDateTime(typed, REVIEW_TIME_ZONE);
    if (at === undefined) {
      await input.update.reply(t("reviews:rounds.deadline_unreadable"), { parse_mode: "HTML" });
      continue;
    }
    const saved = await conversation.external(async (outer): Promise<{ ok: true } | Refusal> => {
      try {
        await setDeadline(outer.deps.db, member(outer), roundId, at, outer.deps.clock.now());
        return { ok: true };
      } catch (error) {
        return refusal(error);
      }
    });
    if ("refused" in saved) {
      await input.update.reply(t(`errors:${saved.refused}`, saved.params));
      if (saved.refused.startsWith("review.deadline")) continue;
      return;
    }
    await ctx.reply(t("reviews:rounds.deadline_set", { deadline: almatyTime(t, at, ctx.lang) }));
    await sendRoundCard(conversation, ctx, roundId);
    return;
  }
}

const LEAD = /^(\d{1,4})\s*(d|day|days|д|дн|дня|дней|h|hour|hours|ч|час|часа|часов)?$/i;

/** "3d, 1d" / "72h 24h" / "3 дня, 12 ч" → milliseconds; undefined when unreadable. */
export function parseLeads(text: string): number[] | undefined {
  const parts = text
    .split(/[,;]+|\s+(?=\d)/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  const leads: number[] = [];
  for (const part of parts) {
    const m = LEAD.exec(part);
    if (!m) return undefined;
    const unit = (m[2] ?? "h").toLowerCase();
    const hours = /^(d|day|days|д|дн|дня|дней)$/.test(unit) ? Number(m[1]) * 24 : Number(m[1]);
    leads.push(hours * 3_600_000);
  }
  return leads;
}

/** The nudge lead times, or none. */
export async function nudgesFlow(
  conversation: BotConversation,
  ctx: FlowContext,
  roundId: number,
): Promise<void> {
  const t = ctx.t;
  await ctx.reply(t("reviews:rounds.ask_nudges"), { parse_mode: "HTML", reply_markup: noNudgesKeyboard(t) });
  for (;;) {
    const input = await nextInput(conversation, ctx);
    if ("cancel" in input && input.cancel === "x") {
      await ctx.reply(t("reviews:rounds.step_cancelled"));
      return;
    }
    const leads = "cancel" in input ? [] : parseLeads(input.update.message?.text ?? "");
    if (!leads) {
      if ("update" in input)
        await input.update.reply(t("reviews:rounds.nudges_unreadable"), { parse_mode: "HTML" });
      continue;
    }
    const saved = await conversation.external(async (outer): Promise<{ ok: true } | Refusal> => {
      try {
        await setNudgeLeads(outer.deps.db, member(outer), roundId, leads, outer.deps.clock.now());
        return { ok: true };
      } catch (error) {
        return refusal(error);
      }
    });
    if ("refused" in saved) {
      await ctx.reply(t(`errors:${saved.refused}`, saved.params));
      if (saved.refused === "review.nudge_leads_invalid") continue;
      return;
    }
    await ctx.reply(
      t("reviews:rounds.nudges_set", {
        leads: leadsText(
          t,
          [...leads].sort((a, b) => b - a),
        ),
      }),
    );
    await sendRoundCard(conversation, ctx, roundId);
    return;
  }
}

/** Another language version of a draft, sent as a file; it must match the draft's items. */
export async function languageFlow(
  conversation: BotConversation,
  ctx: FlowContext,
  roundId: number,
): Promise<void> {
  const t = ctx.t;
  await ctx.reply(t("reviews:rounds.ask_language_file"), { reply_markup: stepCancelKeyboard(t) });
  for (;;) {
    const input = await nextInput(conversation, ctx);
    if ("cancel" in input) {
      await ctx.reply(t("reviews:rounds.step_cancelled"));
      return;
    }
    const doc = input.update.message?.document;
    if (!doc) {
      await input.update.reply(t("reviews:rounds.file_expected"));
      continue;
    }
    const problem = documentProblem(doc);
    if (problem) {
      await input.update.reply(t(problem.key, problem.params), { parse_mode: "HTML" });
      continue;
    }
    const result = await conversation.external(async (outer): Promise<{ message: string; done: boolean }> => {
      const person = member(outer);
      const { db, clock, translations } = outer.deps;
      const text = decodeRoundFile(await downloadDocument(outer.api, outer.deps.config, doc.file_id));
      const have = (await roundTexts(db, roundId)).map((x) => x.lang);
      const fallback =
        OFFICIAL_LANGUAGES.find((l) => translations.languages.includes(l) && !have.includes(l)) ?? outer.lang;
      const parsed = parseVersions([{ label: doc.file_name ?? "", text }], fallback);
      if (!parsed.ok) return { message: describeProblems(outer.t, parsed.problems), done: false };
      const [version] = parsed.versions;
      if (!version) return { message: outer.t("errors:unexpected"), done: true };
      try {
        const mismatches = await attachVersion(db, person, roundId, version, clock.now());
        if (mismatches.length)
          return { message: describeProblems(outer.t, [{ kind: "mismatch", mismatches }]), done: false };
        return { message: outer.t("reviews:rounds.language_added", { language: version.lang }), done: true };
      } catch (error) {
        const r = refusal(error);
        return { message: outer.t(`errors:${r.refused}`, r.params), done: true };
      }
    });
    await input.update.reply(result.message, { parse_mode: "HTML" });
    if (!result.done) continue;
    await sendRoundCard(conversation, ctx, roundId);
    return;
  }
}
