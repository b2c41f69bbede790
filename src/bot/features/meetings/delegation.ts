/**
 * Naming the delegation after "Attend in person / online": the head of delegation (name,
 * function, in person or online), then add or remove members and finish. Only "Finish" saves the
 * answer, so nothing is half-saved; the flow is persisted and survives a restart. The confirmation
 * carries the calendar file.
 */
import { InputFile } from "grammy";
import { isDomainError } from "../../../domain/errors.js";
import { meetingTitles, pickTitle } from "../../../domain/meetings/meetings.js";
import { queueReminders } from "../../../domain/meetings/messages.js";
import { parsePartyKey, partyName, partyNames } from "../../../domain/meetings/parties.js";
import {
  type AttendanceMode,
  checkCanAnswer,
  DELEGATE_TEXT_MAX,
  type Delegate,
  MAX_DELEGATION,
  partyAnswer,
  recordRsvp,
} from "../../../domain/meetings/rsvp.js";
import { effectiveTimeZone } from "../../../domain/people/time-zones.js";
import type { BotConversation, FlowContext } from "../../context.js";
import type { Translate } from "../../i18n.js";
import { answerPress, answerRefusal } from "../../press-answers.js";
import { tellRsvpReplaced } from "./answer-notice.js";
import { calendarFile } from "./calendar-file.js";
import { attendanceLabel, changeUntilText, delegationLines } from "./format.js";
import { delegationKeyboard, stepKeyboard } from "./keyboards.js";
import { waitStepButton, waitStepText } from "./steps.js";

export const DELEGATION_FLOW = "meeting-delegation";

export interface DelegationArgs {
  meetingId: number;
  party: string;
  attendance: AttendanceMode;
}

const html = { parse_mode: "HTML" as const };

async function askText(
  conversation: BotConversation,
  ctx: FlowContext,
  t: Translate,
  key: string,
  step: string,
) {
  await ctx.reply(t(key, { max: DELEGATE_TEXT_MAX }), html);
  for (;;) {
    const answer = await waitStepText(conversation, DELEGATE_TEXT_MAX, step, t);
    if ("text" in answer) return answer.text;
  }
}

/** Asks for one person of the delegation; the mode only when the party attends in person. */
async function askDelegate(
  conversation: BotConversation,
  ctx: FlowContext,
  t: Translate,
  attendance: AttendanceMode,
  head: boolean,
): Promise<Delegate> {
  const name = await askText(
    conversation,
    ctx,
    t,
    head ? "meetings:ask_head_name" : "meetings:ask_member_name",
    "dname",
  );
  const fn = await askText(conversation, ctx, t, "meetings:ask_function", "dfn");
  if (attendance === "online") return { name, function: fn, mode: "online" };
  await ctx.reply(t("meetings:ask_mode", { name }), {
    ...html,
    reply_markup: stepKeyboard(
      "dmode",
      [
        [t("meetings:choose_in_person"), "in_person"],
        [t("meetings:choose_online"), "online"],
      ],
      2,
    ),
  });
  for (;;) {
    const { v, ctx: press } = await waitStepButton(conversation, "dmode", t);
    if (v === "in_person" || v === "online") {
      await press.answerCallbackQuery();
      await press.editMessageReplyMarkup();
      return { name, function: fn, mode: v };
    }
    await answerPress(press, "common:button_stale", { alert: true, t: t });
  }
}

/** The conversation, entered with the meeting, the party and how it attends. */
export async function delegationFlow(
  conversation: BotConversation,
  ctx: FlowContext,
  args: DelegationArgs,
): Promise<void> {
  const { t } = ctx;
  const party = parsePartyKey(args.party);
  if (!party) return;
  const opening = await conversation.external(async (outer) => {
    if (!outer.person) return { refused: "not_allowed" };
    try {
      const db = outer.deps.db;
      await checkCanAnswer(db, outer.person, args.meetingId, party, args.attendance, outer.deps.clock.now());
      const answer = await partyAnswer(db, args.meetingId, party);
      return {
        title: pickTitle(await meetingTitles(db, args.meetingId), outer.lang),
        party: partyName(await partyNames(db, outer.lang), party),
        delegation: answer && answer.attendance !== "declined" ? answer.delegation : [],
      };
    } catch (error) {
      if (isDomainError(error)) return { refused: error.key };
      throw error;
    }
  });
  if ("refused" in opening) {
    await ctx.reply(t(`errors:${opening.refused}`));
    return;
  }
  const delegation: Delegate[] = opening.delegation.map((d) =>
    args.attendance === "online" ? { ...d, mode: "online" } : d,
  );
  await ctx.reply(
    t("meetings:delegation_intro", {
      title: opening.title,
      party: opening.party,
      status: attendanceLabel(t, args.attendance),
    }),
    html,
  );
  if (delegation.length === 0)
    delegation.push(await askDelegate(conversation, ctx, t, args.attendance, true));

  for (;;) {
    await ctx.reply(
      t("meetings:delegation_menu", { lines: delegationLines(t, delegation), max: MAX_DELEGATION }),
      {
        ...html,
        reply_markup: delegationKeyboard(
          t,
          delegation.map((d) => d.name),
        ),
      },
    );
    const { v, ctx: press } = await waitStepButton(conversation, "dlg", t);
    if (v === "add" && delegation.length >= MAX_DELEGATION) {
      await answerRefusal(press, "rsvp_delegation_too_large", { max: MAX_DELEGATION }, t);
      continue;
    }
    const removing = /^rm(\d+)$/.exec(v);
    if (v !== "add" && v !== "finish" && !(removing && Number(removing[1]) < delegation.length)) {
      await answerPress(press, "common:button_stale", { alert: true, t: t });
      continue;
    }
    await press.answerCallbackQuery();
    await press.editMessageReplyMarkup();
    if (v === "add") {
      delegation.push(await askDelegate(conversation, ctx, t, args.attendance, false));
    } else if (removing) {
      const index = Number(removing[1]);
      delegation.splice(index, 1);
      // The first person heads the delegation: removing the head asks who heads it now.
      if (index === 0) delegation.unshift(await askDelegate(conversation, ctx, t, args.attendance, true));
    } else {
      break;
    }
  }

  const saved = await conversation.external(async (outer) => {
    if (!outer.person) return { refused: "not_allowed" };
    const { db, clock, config } = outer.deps;
    const now = clock.now();
    try {
      const recorded = await recordRsvp(db, {
        person: outer.person,
        meetingId: args.meetingId,
        party,
        attendance: args.attendance,
        delegation,
        now,
      });
      const { meeting } = recorded;
      await tellRsvpReplaced(
        outer.deps,
        outer.person,
        { meetingId: args.meetingId, party, attendance: args.attendance, recorded },
        now,
      );
      await queueReminders(db, meeting, now);
      outer.deps.wakeOutbox?.();
      const titles = await meetingTitles(db, meeting.id);
      const zone = await effectiveTimeZone(db, outer.person, config.defaultTimeZone);
      return { meeting, titles, zone };
    } catch (error) {
      if (isDomainError(error)) return { refused: error.key };
      throw error;
    }
  });
  if ("refused" in saved) {
    await ctx.reply(`${t(`errors:${saved.refused}`)}\n${t("meetings:nothing_saved")}`);
    return;
  }
  await ctx.reply(
    [
      t("meetings:confirmed", {
        party: opening.party,
        title: opening.title,
        status: attendanceLabel(t, args.attendance),
      }),
      delegationLines(t, delegation),
      changeUntilText(t, ctx.lang, saved.meeting, saved.zone),
    ].join("\n\n"),
    html,
  );
  const file = calendarFile(t, ctx.lang, saved.meeting, saved.titles, ctx.deps.config.secretariatEmail);
  await ctx.replyWithDocument(new InputFile(Buffer.from(file.ics), file.filename), {
    caption: t("meetings:calendar_caption"),
  });
}
