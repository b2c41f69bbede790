/**
 * Meetings: `/newmeeting` (secretariat), `/meetings` (everyone: the party's meetings for
 * coordinators, the roster for the secretariat), the answer buttons of invitations, CSV export,
 * the list of participants (.docx, .xlsx), reschedule, change of place and cancellation. Every
 * press is re-checked in the domain.
 */
import { createConversation } from "@grammyjs/conversations";
import { Composer, InputFile } from "grammy";
import { DomainError } from "../../../domain/errors.js";
import { cancelMeeting } from "../../../domain/meetings/changes.js";
import { getMeeting, meetingTitles, pickTitle, requireMeeting } from "../../../domain/meetings/meetings.js";
import { meetingBefore, queueAfterChange } from "../../../domain/meetings/messages.js";
import { parsePartyKey } from "../../../domain/meetings/parties.js";
import { checkCanAnswer, recordRsvp } from "../../../domain/meetings/rsvp.js";
import { effectiveTimeZone } from "../../../domain/people/time-zones.js";
import type { BotContext } from "../../context.js";
import { type MemberContext, onlyRoles } from "../../guards.js";
import { answerPress } from "../../press-answers.js";
import { firstTap } from "../../shared/one-tap.js";
import { tellRsvpReplaced } from "./answer-notice.js";
import { calendarFile } from "./calendar-file.js";
import { PLACE_FLOW, placeFlow, RESCHEDULE_FLOW, rescheduleFlow } from "./change-flows.js";
import { DELEGATION_FLOW, type DelegationArgs, delegationFlow } from "./delegation.js";
import { changeUntilText } from "./format.js";
import {
  ATTENDANCE_CODES,
  confirmCancelKeyboard,
  meetingAdmin,
  meetingListKeyboard,
  meetingView,
  participantsList,
  rosterKeyboard,
  rsvpChoice,
} from "./keyboards.js";
import { meetingCardView, myMeetingsView, type ReaderScope } from "./member-views.js";
import { NEW_MEETING_FLOW, newMeetingFlow } from "./new-meeting.js";
import { sendParticipantsList } from "./participants-list.js";
import { loadRoster, meetingsOverview, rosterCsv, rosterText } from "./roster.js";

const MEETING_FLOWS = [NEW_MEETING_FLOW, DELEGATION_FLOW, RESCHEDULE_FLOW, PLACE_FLOW];
const ANSWERING = ["coordinator", "alternate", "observer"] as const;
const html = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

async function scope(ctx: MemberContext): Promise<ReaderScope> {
  const { db, config, clock } = ctx.deps;
  return {
    db,
    t: ctx.t,
    lang: ctx.lang,
    zone: await effectiveTimeZone(db, ctx.person, config.defaultTimeZone),
    now: clock.now(),
  };
}

/** A press that starts a meetings flow ends the meetings flow in progress (nothing of it was saved). */
async function leaveMeetingFlows(ctx: BotContext): Promise<void> {
  const active = ctx.conversation.active();
  for (const id of MEETING_FLOWS) if (active[id]) await ctx.conversation.exit(id);
}

export function meetingsFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  // Before the flows take the update: an answer button, "reschedule" or "change place" wins over
  // a meetings flow left half-way (whose steps would otherwise call the press stale).
  feature.callbackQuery([rsvpChoice.pattern, meetingAdmin.pattern], async (ctx, next) => {
    const admin = meetingAdmin.unpack(ctx.callbackQuery.data);
    const wins =
      !!rsvpChoice.unpack(ctx.callbackQuery.data) || admin?.action === "resched" || admin?.action === "place";
    if (wins && ctx.person) await leaveMeetingFlows(ctx);
    return next();
  });

  feature.use(createConversation(newMeetingFlow, NEW_MEETING_FLOW));
  feature.use(createConversation(delegationFlow, DELEGATION_FLOW));
  feature.use(createConversation(rescheduleFlow, RESCHEDULE_FLOW));
  feature.use(createConversation(placeFlow, PLACE_FLOW));

  feature.command("newmeeting", onlyRoles(["secretariat"]), async (ctx) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(NEW_MEETING_FLOW);
  });

  feature.command("meetings", onlyRoles([...ANSWERING, "secretariat"]), async (ctx) => {
    const c = ctx as MemberContext;
    const s = await scope(c);
    const secretariat = c.person.role === "secretariat";
    const view = secretariat
      ? await meetingsOverview(s.db, s.t, s.lang, s.zone, s.now)
      : await myMeetingsView(s, c.person);
    await ctx.reply(view.text, { ...html, reply_markup: meetingListKeyboard(view.buttons, secretariat) });
  });

  feature.callbackQuery(rsvpChoice.pattern, onlyRoles(ANSWERING), async (ctx) => {
    const c = ctx as MemberContext;
    const v = rsvpChoice.unpack(ctx.callbackQuery.data);
    const party = v ? parsePartyKey(v.p) : undefined;
    const attendance = v ? ATTENDANCE_CODES[v.a] : undefined;
    const meetingId = Number(v?.m);
    if (!v || !party || !attendance || !Number.isInteger(meetingId)) throw new DomainError("button_invalid");
    const { db, clock, logger } = c.deps;
    const now = clock.now();
    try {
      await checkCanAnswer(db, c.person, meetingId, party, attendance, now);
    } catch (error) {
      logger.warn(
        { meeting: meetingId, party: v.p, person: c.person.id, error: String(error) },
        "rsvp refused",
      );
      throw error;
    }
    if (attendance !== "declined") {
      await ctx.answerCallbackQuery();
      const args: DelegationArgs = { meetingId, party: v.p, attendance };
      await ctx.conversation.enter(DELEGATION_FLOW, args);
      return;
    }
    if (!(await firstTap(ctx))) return;
    const recorded = await recordRsvp(db, {
      person: c.person,
      meetingId,
      party,
      attendance,
      delegation: [],
      now,
    });
    const { meeting } = recorded;
    await tellRsvpReplaced(c.deps, c.person, { meetingId, party, attendance, recorded }, now);
    c.deps.wakeOutbox?.();
    const s = await scope(c);
    const title = pickTitle(await meetingTitles(db, meetingId), c.lang);
    await answerPress(ctx, "meetings:status_declined");
    await ctx.reply(
      [c.t("meetings:declined", { title }), changeUntilText(c.t, c.lang, meeting, s.zone)].join("\n\n"),
      html,
    );
  });

  feature.callbackQuery(meetingView.pattern, onlyRoles(ANSWERING), async (ctx) => {
    const c = ctx as MemberContext;
    const v = meetingView.unpack(ctx.callbackQuery.data);
    const meetingId = Number(v?.m);
    if (!v || !Number.isInteger(meetingId)) throw new DomainError("button_invalid");
    const s = await scope(c);
    const view = await meetingCardView(s, c.person, meetingId);
    if (v.action === "ics") {
      if (!view.attending) throw new DomainError("rsvp_not_attending");
      const meeting = await requireMeeting(s.db, meetingId);
      const file = calendarFile(
        c.t,
        c.lang,
        meeting,
        await meetingTitles(s.db, meetingId),
        c.deps.config.secretariatEmail,
      );
      await ctx.answerCallbackQuery();
      await ctx.replyWithDocument(new InputFile(Buffer.from(file.ics), file.filename), {
        caption: c.t("meetings:calendar_caption"),
      });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.reply(view.text, { ...html, reply_markup: view.keyboard });
  });

  feature.callbackQuery(participantsList.pattern, onlyRoles(["secretariat"]), sendParticipantsList);

  feature.callbackQuery(meetingAdmin.pattern, onlyRoles(["secretariat"]), async (ctx) => {
    const c = ctx as MemberContext;
    const v = meetingAdmin.unpack(ctx.callbackQuery.data);
    const meetingId = Number(v?.m);
    if (!v || !Number.isInteger(meetingId)) throw new DomainError("button_invalid");
    const s = await scope(c);
    if (v.action === "list") {
      const view = await meetingsOverview(s.db, s.t, s.lang, s.zone, s.now);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(view.text, {
        ...html,
        reply_markup: meetingListKeyboard(view.buttons, true),
      });
      return;
    }
    const meeting = await requireMeeting(s.db, meetingId);
    const changeable = meeting.status === "scheduled" && meeting.starts_at > s.now;
    const showRoster = async (edit: boolean) => {
      const current = (await getMeeting(s.db, meetingId)) ?? meeting;
      const text = rosterText(s.t, s.lang, s.zone, await loadRoster(s.db, current, s.lang));
      const keyboard = rosterKeyboard(
        s.t,
        meetingId,
        current.status === "scheduled" && current.starts_at > s.now,
      );
      if (edit) await ctx.editMessageText(text, { ...html, reply_markup: keyboard });
      else await ctx.reply(text, { ...html, reply_markup: keyboard });
    };
    switch (v.action) {
      case "roster":
        await ctx.answerCallbackQuery();
        return showRoster(false);
      case "csv": {
        const roster = await loadRoster(s.db, meeting, s.lang);
        await ctx.answerCallbackQuery();
        await ctx.replyWithDocument(
          new InputFile(Buffer.from(rosterCsv(s.t, s.lang, roster)), `meeting-${meetingId}-roster.csv`),
          {
            caption: s.t("meetings:csv_caption", { title: pickTitle(roster.titles, s.lang) }),
            parse_mode: "HTML",
          },
        );
        return;
      }
      case "resched":
      case "place":
        if (!changeable)
          throw new DomainError(meeting.status === "cancelled" ? "meeting_cancelled" : "meeting_started");
        await ctx.answerCallbackQuery();
        await ctx.conversation.enter(v.action === "resched" ? RESCHEDULE_FLOW : PLACE_FLOW, meetingId);
        return;
      case "cancel":
        if (!changeable)
          throw new DomainError(meeting.status === "cancelled" ? "meeting_cancelled" : "meeting_started");
        await ctx.answerCallbackQuery();
        await ctx.editMessageReplyMarkup({ reply_markup: confirmCancelKeyboard(s.t, meetingId) });
        return;
      case "cancelyes": {
        const cancelled = await cancelMeeting(s.db, c.person, meetingId, s.now);
        const notified = await queueAfterChange(s.db, cancelled, "cancelled", s.now, meetingBefore(meeting));
        c.deps.wakeOutbox?.();
        c.logger.info({ meeting: meetingId, notified }, "meeting cancelled");
        await ctx.answerCallbackQuery();
        await showRoster(true);
        await ctx.reply(s.t("meetings:changed_cancelled", { count: notified }));
        return;
      }
      default:
        throw new DomainError("button_invalid");
    }
  });

  return feature;
}
