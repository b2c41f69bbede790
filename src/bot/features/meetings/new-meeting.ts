/**
 * `/newmeeting` (secretariat): title per language, kind, the venue's time zone, start, duration,
 * venue and/or link, RSVP deadline, invited states and organisations, reminder lead times, then a
 * preview and "Create", which queues the invitations. Each step explains a bad answer and asks again.
 */
import { isDomainError } from "../../../domain/errors.js";
import {
  checkDeadline,
  checkDuration,
  checkOnlineUrl,
  checkStart,
  createMeeting,
  DEFAULT_REMINDER_LEADS,
  MEETING_KINDS,
  type MeetingDraft,
  type MeetingKind,
  normaliseLeads,
  TITLE_MAX,
  URL_MAX,
  VENUE_MAX,
} from "../../../domain/meetings/meetings.js";
import { queueAfterCreation } from "../../../domain/meetings/messages.js";
import { invitableParties, parsePartyKey, partyKey } from "../../../domain/meetings/parties.js";
import { effectiveTimeZone, suggestedTimeZones } from "../../../domain/people/time-zones.js";
import { OFFICIAL_LANGUAGES } from "../../../domain/reference.js";
import { parseDurationList } from "../../../domain/wall-time.js";
import type { BotConversation, FlowContext } from "../../context.js";
import { formatDateTime, zoneLabel } from "../../dates.js";
import type { Translate } from "../../i18n.js";
import { answerPress, answerRefusal } from "../../press-answers.js";
import { askZone, keepZoneKeyboard, zoneListKeyboard, zoneStep } from "../../shared/time-zone-question.js";
import { waitForButton } from "../../waiting.js";
import { dueByText, durationLabel, leadsLabel, meetingCard } from "./format.js";
import { inviteesKeyboard, stepKeyboard } from "./keyboards.js";
import { askDuration, askInstant, clockNow, refusal, waitStepButton, waitStepText } from "./steps.js";

export const NEW_MEETING_FLOW = "newmeeting";

const DURATIONS = [60, 120, 180, 240, 360, 480, 1440, 2880];
const DEADLINE_PRESETS = [7 * 1440, 3 * 1440, 1440];

const html = { parse_mode: "HTML" as const };

async function askTitles(conversation: BotConversation, ctx: FlowContext, t: Translate) {
  // Titles are official text: given in the official languages, shown to others with a fallback.
  const languages = OFFICIAL_LANGUAGES.filter((l) => ctx.deps.translations.languages.includes(l));
  for (;;) {
    const titles: Record<string, string> = {};
    for (const lang of languages) {
      const step = `title.${lang}`;
      await ctx.reply(t("meetings:ask_title", { language: t(`languages:${lang}`), max: TITLE_MAX }), {
        ...html,
        reply_markup: stepKeyboard(step, [[t("meetings:skip_language"), "skip"]]),
      });
      const answer = await waitStepText(conversation, TITLE_MAX, step, t);
      if ("text" in answer) titles[lang] = answer.text;
    }
    if (Object.keys(titles).length) return titles;
    await ctx.reply(t("errors:meeting_title_missing"));
  }
}

async function askZoneOf(conversation: BotConversation, ctx: FlowContext, t: Translate, now: number) {
  const fallback = ctx.deps.config.defaultTimeZone;
  await ctx.reply(t("meetings:ask_zone", { zone: zoneLabel(now, fallback, t) }), {
    ...html,
    reply_markup: keepZoneKeyboard(t, fallback, now),
  });
  const pick = await waitForButton(conversation, zoneStep, t);
  await pick.ctx.answerCallbackQuery();
  if (pick.values.action !== "other") return fallback;
  const zones = await conversation.external((outer) => suggestedTimeZones(outer.deps.db));
  await ctx.reply(t("account:zone_list"), { reply_markup: zoneListKeyboard(zones, now, t) });
  return askZone(conversation, t);
}

async function askPlace(conversation: BotConversation, ctx: FlowContext, t: Translate) {
  await ctx.reply(t("meetings:ask_venue", { max: VENUE_MAX }), {
    reply_markup: stepKeyboard("venue", [[t("meetings:online_only"), "none"]]),
  });
  const venueAnswer = await waitStepText(conversation, VENUE_MAX, "venue", t);
  const venue = "text" in venueAnswer ? venueAnswer.text : null;
  await ctx.reply(t(venue ? "meetings:ask_link_optional" : "meetings:ask_link"), {
    reply_markup: venue ? stepKeyboard("link", [[t("meetings:no_link"), "none"]]) : undefined,
  });
  for (;;) {
    const answer = await waitStepText(conversation, URL_MAX, "link", t);
    if (!("text" in answer)) return { venue, onlineUrl: null };
    const refused = refusal(() => checkOnlineUrl(answer.text));
    if (!refused) return { venue, onlineUrl: answer.text };
    await ctx.reply(t(`errors:${refused.key}`, refused.params), html);
  }
}

async function askInvitees(conversation: BotConversation, ctx: FlowContext, t: Translate) {
  const parties = await conversation.external((outer) => invitableParties(outer.deps.db, outer.lang));
  const buttons = parties.map((p) => ({ key: partyKey(p.party), name: p.name }));
  const chosen = new Set(parties.filter((p) => p.member).map((p) => partyKey(p.party)));
  await ctx.reply(t("meetings:ask_invitees"), { reply_markup: inviteesKeyboard(t, buttons, chosen) });
  for (;;) {
    const { v, ctx: press } = await waitStepButton(conversation, "inv", t);
    if (v === "done") {
      if (chosen.size === 0) {
        await answerRefusal(press, "meeting_no_invitees", {}, t);
        continue;
      }
      await press.answerCallbackQuery();
      await press.editMessageReplyMarkup();
      return buttons
        .filter((b) => chosen.has(b.key))
        .map((b) => parsePartyKey(b.key))
        .filter((p) => !!p);
    }
    if (!buttons.some((b) => b.key === v)) {
      await answerPress(press, "common:button_stale", { alert: true, t: t });
      continue;
    }
    if (chosen.has(v)) chosen.delete(v);
    else chosen.add(v);
    await press.answerCallbackQuery();
    await press.editMessageReplyMarkup({ reply_markup: inviteesKeyboard(t, buttons, chosen) });
  }
}

async function askLeads(conversation: BotConversation, ctx: FlowContext, t: Translate) {
  await ctx.reply(t("meetings:ask_leads", { leads: leadsLabel(t, DEFAULT_REMINDER_LEADS) }), {
    reply_markup: stepKeyboard("leads", [
      [t("meetings:keep_default_leads"), "default"],
      [t("meetings:no_reminders"), "none"],
    ]),
  });
  for (;;) {
    const answer = await waitStepText(conversation, 100, "leads", t);
    if ("v" in answer) return answer.v === "none" ? [] : [...DEFAULT_REMINDER_LEADS];
    const typed = parseDurationList(answer.text);
    if (!typed) {
      await ctx.reply(t("meetings:leads_unreadable", { input: answer.text }), html);
      continue;
    }
    const refused = refusal(() => normaliseLeads(typed));
    if (!refused) return normaliseLeads(typed);
    await ctx.reply(t(`errors:${refused.key}`, refused.params), html);
  }
}

/** The conversation. */
export async function newMeetingFlow(conversation: BotConversation, ctx: FlowContext): Promise<void> {
  const { t, lang } = ctx;
  const titles = await askTitles(conversation, ctx, t);

  await ctx.reply(t("meetings:ask_kind"), {
    reply_markup: stepKeyboard(
      "kind",
      MEETING_KINDS.map((k) => [t(`meetings:kinds.${k}`), k]),
    ),
  });
  let kind: MeetingKind | undefined;
  while (!kind) {
    const { v, ctx: press } = await waitStepButton(conversation, "kind", t);
    kind = MEETING_KINDS.find((k) => k === v);
    if (kind) await press.answerCallbackQuery();
    else await answerPress(press, "common:button_stale", { alert: true, t });
  }

  const asked = await clockNow(conversation);
  const timeZone = await askZoneOf(conversation, ctx, t, asked);
  const zoneName = zoneLabel(asked, timeZone, t);

  await ctx.reply(t("meetings:ask_start", { zone: zoneName }), html);
  const start = await askInstant(conversation, ctx, t, {
    zone: timeZone,
    dateOnly: "refuse",
    check: checkStart,
  });
  if (!("instant" in start)) return;
  const startsAt = start.instant;

  await ctx.reply(
    t("meetings:ask_duration", {
      start: formatDateTime(startsAt, timeZone, lang),
      zone: zoneLabel(startsAt, timeZone, t),
    }),
    {
      ...html,
      reply_markup: stepKeyboard(
        "dur",
        DURATIONS.map((m) => [durationLabel(t, m), String(m)]),
        4,
      ),
    },
  );
  const durationMinutes = await askDuration(conversation, ctx, t, "dur", checkDuration);

  const { venue, onlineUrl } = await askPlace(conversation, ctx, t);

  const now = await clockNow(conversation);
  const presets = DEADLINE_PRESETS.filter((m) => startsAt - m * 60_000 > now);
  await ctx.reply(t("meetings:ask_deadline", { zone: zoneName }), {
    ...html,
    reply_markup: stepKeyboard(
      "deadline",
      presets.map((m) => [t("meetings:before_start", { lead: durationLabel(t, m) }), String(m)]),
    ),
  });
  const deadline = await askInstant(conversation, ctx, t, {
    zone: timeZone,
    dateOnly: "end_of_day",
    step: "deadline",
    check: (instant, at) => checkDeadline(instant, startsAt, at),
  });
  const rsvpDeadlineAt = "instant" in deadline ? deadline.instant : startsAt - Number(deadline.v) * 60_000;

  const invitees = await askInvitees(conversation, ctx, t);
  const reminderLeads = await askLeads(conversation, ctx, t);

  const draft: MeetingDraft = {
    titles,
    kind,
    timeZone,
    startsAt,
    durationMinutes,
    venue,
    onlineUrl,
    rsvpDeadlineAt,
    invitees,
    reminderLeads,
  };
  await ctx.reply(await previewText(conversation, ctx, draft), {
    ...html,
    reply_markup: stepKeyboard("create", [
      [t("meetings:create"), "yes"],
      [t("meetings:discard"), "no"],
    ]),
    link_preview_options: { is_disabled: true },
  });
  const confirm = await waitStepButton(conversation, "create", t);
  await confirm.ctx.answerCallbackQuery();
  await confirm.ctx.editMessageReplyMarkup();
  if (confirm.v !== "yes") {
    await ctx.reply(t("meetings:discarded"));
    return;
  }
  const created = await conversation.external(async (outer) => {
    if (!outer.person) return { refused: "not_allowed" };
    const at = outer.deps.clock.now();
    try {
      const meeting = await createMeeting(outer.deps.db, outer.person, draft, at);
      const invitations = await queueAfterCreation(outer.deps.db, meeting, at);
      outer.deps.wakeOutbox?.();
      outer.logger.info({ meeting: meeting.id, invitations }, "meeting created");
      return { id: meeting.id, invitations };
    } catch (error) {
      if (isDomainError(error)) return { refused: error.key };
      throw error;
    }
  });
  if ("refused" in created) {
    await ctx.reply(`${t(`errors:${created.refused}`)}\n${t("meetings:start_again")}`);
    return;
  }
  await ctx.reply(t("meetings:created", { count: created.invitations }));
}

/** The preview before creating: the card as the secretariat will see it, with everything chosen. */
async function previewText(
  conversation: BotConversation,
  ctx: FlowContext,
  draft: MeetingDraft,
): Promise<string> {
  const { t, lang } = ctx;
  const { names, ownZone } = await conversation.external(async (outer) => {
    const all = await invitableParties(outer.deps.db, outer.lang);
    const { db, config } = outer.deps;
    return {
      names: all.map((p) => [partyKey(p.party), p.name] as const),
      // The card reads in the secretariat member's own time, as the invitations will for each reader.
      ownZone: outer.person
        ? await effectiveTimeZone(db, outer.person, config.defaultTimeZone)
        : draft.timeZone,
    };
  });
  const byKey = new Map(names);
  const meeting = {
    id: 0,
    uid: "",
    kind: draft.kind,
    time_zone: draft.timeZone,
    starts_at: draft.startsAt,
    ends_at: draft.startsAt + draft.durationMinutes * 60_000,
    venue: draft.venue,
    online_url: draft.onlineUrl,
    rsvp_deadline_at: draft.rsvpDeadlineAt,
    reminder_leads: JSON.stringify(draft.reminderLeads),
    status: "scheduled" as const,
    sequence: 0,
    created_by: null,
    created_at: 0,
    updated_at: 0,
  };
  const titles = Object.entries(draft.titles)
    .map(([l, title]) => t("meetings:preview_title", { language: t(`languages:${l}`), title }))
    .join("\n");
  return [
    t("meetings:preview_intro"),
    meetingCard(t, lang, meeting, draft.titles, ownZone),
    titles,
    dueByText(t, lang, meeting, ownZone),
    t("meetings:preview_invitees", {
      parties: draft.invitees.map((p) => byKey.get(partyKey(p)) ?? p.code).join(", "),
    }),
    t("meetings:preview_leads", { leads: leadsLabel(t, normaliseLeads(draft.reminderLeads)) }),
  ].join("\n\n");
}
