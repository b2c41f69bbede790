/**
 * What a coordinator, alternate or organisation observer reads about meetings: the upcoming
 * meetings their party is invited to with its answer, and one meeting's card with the buttons
 * to answer (until the RSVP deadline) and to get the calendar file.
 */
import { InlineKeyboard } from "grammy";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import { DomainError } from "../../../domain/errors.js";
import {
  isInvited,
  meetingTitles,
  pickTitle,
  requireMeeting,
  upcomingMeetingsFor,
} from "../../../domain/meetings/meetings.js";
import { type Party, partyKey, partyName, partyNames, partyOf } from "../../../domain/meetings/parties.js";
import { partyAnswer } from "../../../domain/meetings/rsvp.js";
import type { Person } from "../../../domain/people/people.js";
import { formatDate } from "../../dates.js";
import { escapeHtml, type Translate } from "../../i18n.js";
import {
  attendanceLabel,
  changeUntilText,
  deadlineText,
  delegationLines,
  meetingCard,
  whenText,
} from "./format.js";
import { meetingView, rsvpButtons } from "./keyboards.js";

export interface ReaderScope {
  db: Kysely<Database>;
  t: Translate;
  lang: string;
  zone: string;
  now: number;
}

/** The reader's party, or a refusal for people who answer for no party. */
export function requireParty(person: Person): Party {
  const party = partyOf(person);
  if (!party) throw new DomainError("rsvp_no_party");
  return party;
}

/** The upcoming meetings of the reader's party with its answers. */
export async function myMeetingsView(
  s: ReaderScope,
  person: Person,
): Promise<{ text: string; buttons: { id: number; label: string }[] }> {
  const party = requireParty(person);
  const name = partyName(await partyNames(s.db, s.lang), party);
  const meetings = await upcomingMeetingsFor(s.db, party, s.now);
  if (meetings.length === 0) return { text: s.t("meetings:my_none", { party: name }), buttons: [] };
  const lines = [s.t("meetings:my_title", { party: name })];
  const buttons: { id: number; label: string }[] = [];
  for (const meeting of meetings) {
    const title = pickTitle(await meetingTitles(s.db, meeting.id), s.lang);
    const answer = await partyAnswer(s.db, meeting.id, party);
    const open = s.now < meeting.rsvp_deadline_at;
    lines.push(
      "",
      `<b>${escapeHtml(title)}</b>`,
      whenText(s.t, s.lang, meeting, s.zone),
      s.t("meetings:my_status", { status: attendanceLabel(s.t, answer?.attendance) }),
      !open
        ? s.t("meetings:rsvp_closed_note")
        : answer
          ? changeUntilText(s.t, s.lang, meeting, s.zone)
          : deadlineText(s.t, s.lang, meeting, s.zone),
    );
    // The date first, so that a title cut to fit the button keeps it.
    buttons.push({ id: meeting.id, label: `${formatDate(meeting.starts_at, s.zone, s.lang)} · ${title}` });
  }
  return { text: lines.join("\n"), buttons };
}

/** One meeting as the reader's party sees it, with answer buttons while answers are open. */
export async function meetingCardView(
  s: ReaderScope,
  person: Person,
  meetingId: number,
): Promise<{ text: string; keyboard: InlineKeyboard; attending: boolean }> {
  const party = requireParty(person);
  const meeting = await requireMeeting(s.db, meetingId);
  if (!(await isInvited(s.db, meeting.id, party))) throw new DomainError("rsvp_not_invited");
  const titles = await meetingTitles(s.db, meeting.id);
  const answer = await partyAnswer(s.db, meeting.id, party);
  const name = partyName(await partyNames(s.db, s.lang), party);
  const open = meeting.status === "scheduled" && s.now < meeting.rsvp_deadline_at;
  const parts = [
    meeting.status === "cancelled" ? s.t("meetings:cancelled_mark") : "",
    meetingCard(s.t, s.lang, meeting, titles, s.zone),
    s.t("meetings:party_status", { party: name, status: attendanceLabel(s.t, answer?.attendance) }),
    answer?.delegation.length ? delegationLines(s.t, answer.delegation) : "",
    !open
      ? s.t("meetings:rsvp_closed_note")
      : answer
        ? changeUntilText(s.t, s.lang, meeting, s.zone)
        : deadlineText(s.t, s.lang, meeting, s.zone),
  ].filter(Boolean);
  const keyboard = open
    ? InlineKeyboard.from(rsvpButtons(s.t, meeting, partyKey(party)))
    : new InlineKeyboard();
  const attending = !!answer && answer.attendance !== "declined";
  if (attending)
    keyboard.row().text(s.t("meetings:calendar_button"), meetingView.pack({ m: meeting.id, action: "ics" }));
  return { text: parts.join("\n\n"), keyboard, attending };
}
