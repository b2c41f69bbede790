/**
 * The secretariat's changes to a meeting from its roster: reschedule (new start, duration and
 * RSVP deadline) and change the venue or link. Each ends with a preview and a confirmation; then
 * everyone invited is told and the reminders follow the new schedule.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import { isDomainError } from "../../../domain/errors.js";
import { changeMeetingPlace, rescheduleMeeting } from "../../../domain/meetings/changes.js";
import {
  checkDeadline,
  checkDuration,
  checkOnlineUrl,
  checkStart,
  type Meeting,
  meetingTitles,
  pickTitle,
  requireMeeting,
  URL_MAX,
  VENUE_MAX,
} from "../../../domain/meetings/meetings.js";
import { type MeetingChange, meetingBefore, queueAfterChange } from "../../../domain/meetings/messages.js";
import type { Person } from "../../../domain/people/people.js";
import type { BotConversation, FlowContext } from "../../context.js";
import { zoneLabel } from "../../dates.js";
import type { Translate } from "../../i18n.js";
import { durationLabel, timeRange, venueInstantText } from "./format.js";
import { stepKeyboard } from "./keyboards.js";
import { askDuration, askInstant, clockNow, refusal, waitStepButton, waitStepText } from "./steps.js";

export const RESCHEDULE_FLOW = "meeting-reschedule";
export const PLACE_FLOW = "meeting-place";

const html = { parse_mode: "HTML" as const };

async function loadMeeting(conversation: BotConversation, meetingId: number) {
  return conversation.external(async (outer) => {
    try {
      const meeting = await requireMeeting(outer.deps.db, meetingId);
      if (meeting.status === "cancelled") return { refused: "meeting_cancelled" };
      return { meeting, title: pickTitle(await meetingTitles(outer.deps.db, meetingId), outer.lang) };
    } catch (error) {
      if (isDomainError(error)) return { refused: error.key };
      throw error;
    }
  });
}

/** Confirms, applies the change through `apply`, queues the notices; tells the secretariat the outcome. */
async function confirmAndApply(
  conversation: BotConversation,
  ctx: FlowContext,
  t: Translate,
  meetingId: number,
  preview: string,
  change: MeetingChange,
  apply: (db: Kysely<Database>, person: Person, now: number) => Promise<Meeting>,
): Promise<void> {
  await ctx.reply(preview, {
    ...html,
    link_preview_options: { is_disabled: true },
    reply_markup: stepKeyboard("apply", [
      [t("meetings:apply_change"), "yes"],
      [t("meetings:discard"), "no"],
    ]),
  });
  const answer = await waitStepButton(conversation, "apply", t);
  await answer.ctx.answerCallbackQuery();
  await answer.ctx.editMessageReplyMarkup();
  if (answer.v !== "yes") {
    await ctx.reply(t("meetings:discarded"));
    return;
  }
  const result = await conversation.external(async (outer) => {
    if (!outer.person) return { refused: "not_allowed" };
    const now = outer.deps.clock.now();
    try {
      const before = meetingBefore(await requireMeeting(outer.deps.db, meetingId));
      const meeting = await apply(outer.deps.db, outer.person, now);
      const notified = await queueAfterChange(outer.deps.db, meeting, change, now, before);
      outer.deps.wakeOutbox?.();
      outer.logger.info({ meeting: meeting.id, change, sequence: meeting.sequence }, "meeting changed");
      return { notified };
    } catch (error) {
      if (isDomainError(error)) return { refused: error.key };
      throw error;
    }
  });
  if ("refused" in result) {
    await ctx.reply(`${t(`errors:${result.refused}`)}\n${t("meetings:nothing_saved")}`);
    return;
  }
  await ctx.reply(t(`meetings:changed_${change}`, { count: result.notified }));
}

/** Reschedule: new start, duration (keep or change), RSVP deadline (keep if still valid, or new). */
export async function rescheduleFlow(conversation: BotConversation, ctx: FlowContext, meetingId: number) {
  const { t, lang } = ctx;
  const loaded = await loadMeeting(conversation, meetingId);
  if ("refused" in loaded) {
    await ctx.reply(t(`errors:${loaded.refused}`));
    return;
  }
  const { meeting, title } = loaded;
  const zone = meeting.time_zone;
  const zoneName = zoneLabel(meeting.starts_at, zone, t);
  await ctx.reply(
    t("meetings:resched_ask_start", {
      title,
      current: timeRange(meeting.starts_at, meeting.ends_at, zone, lang),
      zone: zoneName,
    }),
    html,
  );
  const start = await askInstant(conversation, ctx, t, { zone, dateOnly: "refuse", check: checkStart });
  if (!("instant" in start)) return;
  const startsAt = start.instant;

  const currentMinutes = Math.round((meeting.ends_at - meeting.starts_at) / 60_000);
  await ctx.reply(t("meetings:resched_ask_duration"), {
    reply_markup: stepKeyboard("dur", [
      [t("meetings:keep_value", { value: durationLabel(t, currentMinutes) }), String(currentMinutes)],
    ]),
  });
  const durationMinutes = await askDuration(conversation, ctx, t, "dur", checkDuration);

  const now = await clockNow(conversation);
  const keepDeadline = meeting.rsvp_deadline_at > now && meeting.rsvp_deadline_at <= startsAt;
  await ctx.reply(t("meetings:resched_ask_deadline", { zone: zoneName }), {
    ...html,
    reply_markup: keepDeadline
      ? stepKeyboard("deadline", [
          [
            t("meetings:keep_value", {
              value: venueInstantText(t, meeting.rsvp_deadline_at, zone, lang),
              interpolation: { escapeValue: false },
            }),
            "keep",
          ],
        ])
      : undefined,
  });
  const deadline = await askInstant(conversation, ctx, t, {
    zone,
    dateOnly: "end_of_day",
    step: "deadline",
    check: (instant, at) => checkDeadline(instant, startsAt, at),
  });
  const rsvpDeadlineAt = "instant" in deadline ? deadline.instant : meeting.rsvp_deadline_at;

  const preview = t("meetings:resched_preview", {
    title,
    from: timeRange(meeting.starts_at, meeting.ends_at, zone, lang),
    to: timeRange(startsAt, startsAt + durationMinutes * 60_000, zone, lang),
    zone: zoneLabel(startsAt, zone, t),
    deadline: venueInstantText(t, rsvpDeadlineAt, zone, lang),
  });
  await confirmAndApply(conversation, ctx, t, meetingId, preview, "rescheduled", (db, person, at) =>
    rescheduleMeeting(db, person, meetingId, { startsAt, durationMinutes, rsvpDeadlineAt }, at),
  );
}

/** Change the venue and/or the online link; at least one remains. */
export async function placeFlow(conversation: BotConversation, ctx: FlowContext, meetingId: number) {
  const { t } = ctx;
  const loaded = await loadMeeting(conversation, meetingId);
  if ("refused" in loaded) {
    await ctx.reply(t(`errors:${loaded.refused}`));
    return;
  }
  const { meeting, title } = loaded;
  for (;;) {
    await ctx.reply(t("meetings:place_ask_venue", { title, current: meeting.venue ?? "—", max: VENUE_MAX }), {
      ...html,
      reply_markup: stepKeyboard("pvenue", [
        ...(meeting.venue ? [[t("meetings:keep_current"), "keep"] as [string, string]] : []),
        [t("meetings:online_only"), "none"],
      ]),
    });
    const venueAnswer = await waitStepText(conversation, VENUE_MAX, "pvenue", t);
    const venue = "text" in venueAnswer ? venueAnswer.text : venueAnswer.v === "keep" ? meeting.venue : null;

    await ctx.reply(t("meetings:place_ask_link", { current: meeting.online_url ?? "—" }), {
      ...html,
      link_preview_options: { is_disabled: true },
      reply_markup: stepKeyboard("plink", [
        ...(meeting.online_url ? [[t("meetings:keep_current"), "keep"] as [string, string]] : []),
        [t("meetings:no_link"), "none"],
      ]),
    });
    let onlineUrl: string | null;
    for (;;) {
      const answer = await waitStepText(conversation, URL_MAX, "plink", t);
      if (!("text" in answer)) {
        onlineUrl = answer.v === "keep" ? meeting.online_url : null;
        break;
      }
      const refused = refusal(() => checkOnlineUrl(answer.text));
      if (!refused) {
        onlineUrl = answer.text;
        break;
      }
      await ctx.reply(t(`errors:${refused.key}`, refused.params));
    }
    if (!venue && !onlineUrl) {
      await ctx.reply(t("errors:meeting_no_place"));
      continue;
    }
    const preview = t("meetings:place_preview", { title, venue: venue ?? "—", url: onlineUrl ?? "—" });
    await confirmAndApply(conversation, ctx, t, meetingId, preview, "place", (db, person, at) =>
      changeMeetingPlace(db, person, meetingId, { venue, onlineUrl }, at),
    );
    return;
  }
}
