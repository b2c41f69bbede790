/**
 * What the secretariat reads about meetings: the list of upcoming meetings with answer counts,
 * the roster of one meeting (each party's answer and delegation) and its CSV export.
 */
import { stringify } from "csv-stringify/sync";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import {
  type Meeting,
  meetingInvitees,
  meetingTitles,
  pickTitle,
  upcomingMeetings,
} from "../../../domain/meetings/meetings.js";
import { type Party, partyKey, partyName, partyNames } from "../../../domain/meetings/parties.js";
import { answerCounts, meetingAnswers, type PartyAnswer } from "../../../domain/meetings/rsvp.js";
import { formatDate, formatDateTime } from "../../dates.js";
import { escapeHtml, type Translate } from "../../i18n.js";
import { cutHtmlAtLine } from "../../shared/text.js";
import { attendanceLabel, delegationLines, dueByText, meetingCard, whenText } from "./format.js";

/** Telegram's limit is 4096 characters; past this the roster leaves out the members' lines. */
const ROSTER_MAX = 3800;
const MAX_LISTED = 12;

export interface MeetingRoster {
  meeting: Meeting;
  titles: Record<string, string>;
  rows: { party: Party; name: string; answer: PartyAnswer | undefined }[];
}

export async function loadRoster(
  db: Kysely<Database>,
  meeting: Meeting,
  lang: string,
): Promise<MeetingRoster> {
  const names = await partyNames(db, lang);
  const answers = await meetingAnswers(db, meeting.id);
  const invitees = await meetingInvitees(db, meeting.id);
  return {
    meeting,
    titles: await meetingTitles(db, meeting.id),
    rows: invitees.map((party) => ({
      party,
      name: partyName(names, party),
      answer: answers.get(partyKey(party)),
    })),
  };
}

/** Upcoming meetings with their counts, and button labels. */
export async function meetingsOverview(
  db: Kysely<Database>,
  t: Translate,
  lang: string,
  zone: string,
  now: number,
): Promise<{ text: string; buttons: { id: number; label: string }[] }> {
  // A message holds at most 4096 characters: the soonest meetings only.
  const meetings = (await upcomingMeetings(db, now)).slice(0, MAX_LISTED);
  if (meetings.length === 0) return { text: t("meetings:none_upcoming"), buttons: [] };
  const lines = [t("meetings:upcoming_title")];
  const buttons: { id: number; label: string }[] = [];
  for (const meeting of meetings) {
    const title = pickTitle(await meetingTitles(db, meeting.id), lang);
    const counts = await answerCounts(db, meeting.id);
    lines.push(
      "",
      `<b>${escapeHtml(title)}</b>`,
      whenText(t, lang, meeting, zone),
      t("meetings:counts", { ...counts }),
    );
    // The date first, so that a title cut to fit the button keeps it.
    buttons.push({
      id: meeting.id,
      label: `${formatDate(meeting.starts_at, meeting.time_zone, lang)} · ${title}`,
    });
  }
  return { text: lines.join("\n"), buttons };
}

/** The roster as a message: the card, the counts, then each party with its answer and delegation. */
export function rosterText(
  t: Translate,
  lang: string,
  zone: string,
  roster: MeetingRoster,
  withMembers = true,
): string {
  const { meeting } = roster;
  const counts = { invited: roster.rows.length, in_person: 0, online: 0, declined: 0, none: 0 };
  for (const row of roster.rows) counts[row.answer?.attendance ?? "none"] += 1;
  const head = [
    meeting.status === "cancelled" ? t("meetings:cancelled_mark") : "",
    meetingCard(t, lang, meeting, roster.titles, zone),
    dueByText(t, lang, meeting, zone),
    t("meetings:counts", counts),
  ].filter(Boolean);
  const parties = roster.rows.map((row) => {
    const status = t("meetings:roster_party", {
      party: row.name,
      status: attendanceLabel(t, row.answer?.attendance),
    });
    if (!row.answer) return status;
    const by = t("meetings:answered_by", {
      name: row.answer.answeredByName ?? "—",
      at: formatDateTime(row.answer.answeredAt, zone, lang),
    });
    if (!withMembers || row.answer.delegation.length === 0) {
      const size = row.answer.delegation.length;
      return size
        ? `${status}\n${by}\n${t("meetings:delegation_size", { count: size })}`
        : `${status}\n${by}`;
    }
    return `${status}\n${by}\n${delegationLines(t, row.answer.delegation)}`;
  });
  const text = [...head, parties.join("\n\n")].join("\n\n");
  if (withMembers && text.length > ROSTER_MAX) return rosterText(t, lang, zone, roster, false);
  return cutHtmlAtLine(text, ROSTER_MAX);
}

/** The roster as CSV (UTF-8 with BOM, for spreadsheet programs): one row per delegate, one per silent party. */
export function rosterCsv(t: Translate, lang: string, roster: MeetingRoster): string {
  const title = pickTitle(roster.titles, lang);
  const records: string[][] = [];
  for (const row of roster.rows) {
    const base = [title, row.party.code, row.name, attendanceLabel(t, row.answer?.attendance)];
    const answered = row.answer
      ? [row.answer.answeredByName ?? "", new Date(row.answer.answeredAt).toISOString()]
      : ["", ""];
    const delegation = row.answer?.delegation ?? [];
    if (delegation.length === 0) {
      records.push([...base, "", "", "", "", "", ...answered]);
      continue;
    }
    delegation.forEach((d, i) => {
      records.push([
        ...base,
        String(i + 1),
        t(i === 0 ? "meetings:csv_head" : "meetings:csv_member"),
        d.name,
        d.function,
        t(`meetings:mode_${d.mode}`),
        ...answered,
      ]);
    });
  }
  const columns = [
    "meeting",
    "party_code",
    "party",
    "status",
    "number",
    "role",
    "name",
    "function",
    "mode",
    "answered_by",
    "answered_at",
  ].map((c) => t(`meetings:csv_${c}`));
  return stringify(records, { bom: true, header: true, columns });
}
