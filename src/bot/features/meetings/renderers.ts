/**
 * The meeting messages the outbox sends, built at send time for their recipient: invitation,
 * reminder, nudge, notice of a change and calendar update. Each returns null when it no longer
 * applies (meeting cancelled or changed since, party declined or already answered), and the row
 * is then cancelled rather than sent.
 */

import {
  getMeeting,
  isInvited,
  type Meeting,
  meetingTitles,
  pickTitle,
} from "../../../domain/meetings/meetings.js";
import {
  MEETING_RENDERERS,
  type MeetingBefore,
  type MeetingChange,
  type MeetingMessageParams,
} from "../../../domain/meetings/messages.js";
import { type Party, partyKey, partyName, partyNames, partyOf } from "../../../domain/meetings/parties.js";
import { type PartyAnswer, partyAnswer } from "../../../domain/meetings/rsvp.js";
import type { Person } from "../../../domain/people/people.js";
import { effectiveTimeZone } from "../../../domain/people/time-zones.js";
import type { ReadyMessage } from "../../../outbox/content.js";
import type { Renderer, RenderInput } from "../../../outbox/dispatcher.js";
import type { BotDeps } from "../../context.js";
import { zoneLabel } from "../../dates.js";
import type { Translate } from "../../i18n.js";
import { calendarFile } from "./calendar-file.js";
import {
  attendanceLabel,
  changeUntilText,
  deadlineText,
  deadlineTime,
  delegationLines,
  meetingCard,
  timeLeft,
  timeRange,
  whenText,
} from "./format.js";
import { rsvpButtons } from "./keyboards.js";

/** What every meeting renderer needs about the recipient and the meeting. */
interface Scene {
  person: Person;
  party: Party;
  meeting: Meeting;
  titles: Record<string, string>;
  answer: PartyAnswer | undefined;
  partyLabel: string;
  lang: string;
  t: Translate;
  zone: string;
  now: number;
}

async function scene(deps: BotDeps, input: RenderInput): Promise<Scene | null> {
  const { db, person, now } = input;
  const params = input.params as unknown as MeetingMessageParams;
  if (!person) return null;
  const party = partyOf(person);
  const meeting = await getMeeting(db, Number(params.meetingId));
  if (!party || !meeting || !(await isInvited(db, meeting.id, party))) return null;
  const lang = deps.translations.resolveLanguage(person.language, undefined);
  return {
    person,
    party,
    meeting,
    titles: await meetingTitles(db, meeting.id),
    answer: await partyAnswer(db, meeting.id, party),
    partyLabel: partyName(await partyNames(db, lang), party),
    lang,
    t: deps.translations.forLanguage(lang),
    zone: await effectiveTimeZone(db, person, deps.config.defaultTimeZone),
    now,
  };
}

function message(body: string, s?: Scene, withRsvp = false): ReadyMessage {
  return {
    type: "text",
    text: body,
    parseMode: "HTML",
    ...(s && withRsvp ? { buttons: rsvpButtons(s.t, s.meeting, partyKey(s.party)) } : {}),
  };
}

const isOpen = (s: Scene) => s.meeting.status === "scheduled" && s.now < s.meeting.rsvp_deadline_at;
const isCurrent = (s: Scene, params: Record<string, unknown>) =>
  s.meeting.sequence === Number((params as unknown as MeetingMessageParams).sequence);

/** Until the deadline: "please answer by …" to a party that has not answered, else until when it can change. */
function deadlineLine(s: Scene): string {
  const { t, lang, meeting, zone } = s;
  return s.answer ? changeUntilText(t, lang, meeting, zone) : deadlineText(t, lang, meeting, zone);
}

/** The party's current answer as a line (with the delegation when attending). */
function answerText(s: Scene): string {
  const status = s.t("meetings:party_status", {
    party: s.partyLabel,
    status: attendanceLabel(s.t, s.answer?.attendance),
  });
  if (!s.answer?.delegation.length) return status;
  return `${status}\n${delegationLines(s.t, s.answer.delegation)}`;
}

function invitation(deps: BotDeps): Renderer {
  return async (input) => {
    const s = await scene(deps, input);
    if (!s || !isOpen(s)) return null;
    const { t, lang, meeting, titles, zone } = s;
    const parts = [
      t("meetings:invitation_intro"),
      meetingCard(t, lang, meeting, titles, zone),
      deadlineLine(s),
      s.answer ? answerText(s) : t("meetings:invitation_ask", { party: s.partyLabel }),
    ];
    return message(parts.join("\n\n"), s, true);
  };
}

function reminder(deps: BotDeps): Renderer {
  return async (input) => {
    const s = await scene(deps, input);
    if (!s || !isCurrent(s, input.params) || s.meeting.status !== "scheduled") return null;
    if (!s.answer || s.answer.attendance === "declined") return null;
    const { t, lang, meeting, titles, zone } = s;
    const parts = [
      t("meetings:reminder_intro", { left: timeLeft(t, meeting.starts_at, s.now) }),
      meetingCard(t, lang, meeting, titles, zone),
      answerText(s),
    ];
    return message(parts.join("\n\n"));
  };
}

function nudge(deps: BotDeps): Renderer {
  return async (input) => {
    const s = await scene(deps, input);
    if (!s || !isCurrent(s, input.params) || !isOpen(s) || s.answer) return null;
    const { t, lang, meeting, titles, zone } = s;
    const parts = [
      t("meetings:nudge_intro", {
        party: s.partyLabel,
        left: timeLeft(t, meeting.rsvp_deadline_at, s.now),
        deadline: deadlineTime(t, lang, meeting, zone),
      }),
      meetingCard(t, lang, meeting, titles, zone),
    ];
    return message(parts.join("\n\n"), s, true);
  };
}

function notice(deps: BotDeps): Renderer {
  return async (input) => {
    const s = await scene(deps, input);
    if (!s || !isCurrent(s, input.params)) return null;
    const { t, lang, meeting, titles, zone } = s;
    const params = input.params as unknown as MeetingMessageParams;
    const change = params.change ?? "rescheduled";
    const title = pickTitle(titles, lang);
    if (meeting.status === "cancelled") {
      return message(t("meetings:notice_cancelled", { title, when: whenText(t, lang, meeting, zone) }));
    }
    const parts = [
      [
        t(`meetings:notice_${change satisfies MeetingChange}`, { title }),
        ...changeLines(s, change, params.previous),
      ].join("\n"),
      meetingCard(t, lang, meeting, titles, zone),
      isOpen(s) ? deadlineLine(s) : "",
      answerText(s),
    ].filter(Boolean);
    return message(parts.join("\n\n"), s, isOpen(s));
  };
}

/** What changed, from → to: the time in the reader's zone, or the venue and the link that changed. */
function changeLines(s: Scene, change: MeetingChange, previous: MeetingBefore | undefined): string[] {
  const { t, lang, meeting, zone } = s;
  if (!previous) return [];
  if (change === "rescheduled") {
    return [
      t("meetings:change_time", {
        from: timeRange(previous.startsAt, previous.endsAt, zone, lang),
        to: timeRange(meeting.starts_at, meeting.ends_at, zone, lang),
        zone: zoneLabel(meeting.starts_at, zone, t),
      }),
    ];
  }
  const lines: string[] = [];
  if (previous.venue !== meeting.venue)
    lines.push(t("meetings:change_venue", { from: previous.venue ?? "—", to: meeting.venue ?? "—" }));
  if (previous.onlineUrl !== meeting.online_url)
    lines.push(t("meetings:change_link", { from: previous.onlineUrl ?? "—", to: meeting.online_url ?? "—" }));
  return lines;
}

function calendarUpdate(deps: BotDeps): Renderer {
  return async (input) => {
    const s = await scene(deps, input);
    if (!s || !isCurrent(s, input.params)) return null;
    if (!s.answer || s.answer.attendance === "declined") return null;
    const file = calendarFile(s.t, s.lang, s.meeting, s.titles, deps.config.secretariatEmail);
    return {
      type: "document",
      file: {
        filename: file.filename,
        base64: Buffer.from(file.ics).toString("base64"),
        mimeType: "text/calendar",
      },
      caption: s.t(
        s.meeting.status === "cancelled" ? "meetings:calendar_cancelled" : "meetings:calendar_updated",
      ),
    };
  };
}

/** The meeting renderers by name, for `buildRenderers`. */
export function meetingRenderers(deps: BotDeps): [string, Renderer][] {
  return [
    [MEETING_RENDERERS.invitation, invitation(deps)],
    [MEETING_RENDERERS.reminder, reminder(deps)],
    [MEETING_RENDERERS.nudge, nudge(deps)],
    [MEETING_RENDERERS.notice, notice(deps)],
    [MEETING_RENDERERS.calendar, calendarUpdate(deps)],
  ];
}
