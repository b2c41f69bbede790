/**
 * Buttons of the meetings capability, each payload kind defined once: answering an invitation,
 * the coordinator's and the secretariat's meeting views, and the steps of the meeting flows.
 * Payloads name the meeting and (for answers) the party; handlers re-check both.
 */
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { Meeting } from "../../../domain/meetings/meetings.js";
import type { Attendance } from "../../../domain/meetings/rsvp.js";
import { attendanceOffered } from "../../../domain/meetings/rsvp.js";
import { callbackKind } from "../../callback-data.js";
import type { Translate } from "../../i18n.js";

/** Answer an invitation: `a` is in (in person), on (online) or no (decline); `p` the party key. */
export const rsvpChoice = callbackKind("mr", ["m", "p", "a"]);
/** A coordinator's meeting card (`c`), or its calendar file (`ics`). */
export const meetingView = callbackKind("mv", ["m", "action"]);
/** Secretariat: `action` is list | roster | csv | resched | place | cancel | cancelyes. */
export const meetingAdmin = callbackKind("ms", ["m", "action"]);
/** Secretariat: the list of participants as `format` docx | xlsx, in `lang` ("-": the person's document language). */
export const participantsList = callbackKind("msl", ["m", "format", "lang"]);
/** A button of a step in a meeting flow: which step, and the value chosen. */
export const meetingStep = callbackKind("mst", ["step", "v"]);

export const ATTENDANCE_CODES: Record<string, Attendance> = { in: "in_person", on: "online", no: "declined" };
const CODE_OF: Record<Attendance, string> = { in_person: "in", online: "on", declined: "no" };

const plain = { interpolation: { escapeValue: false } };

/** The keyboard without empty rows (left by `row()` after the last button of a row). */
function tidy(kb: InlineKeyboard): InlineKeyboard {
  return InlineKeyboard.from(kb.inline_keyboard.filter((row) => row.length > 0));
}

/** Attend in person / Attend online / Decline, as far as the meeting offers them. */
export function rsvpButtons(
  t: Translate,
  meeting: Pick<Meeting, "id" | "venue" | "online_url">,
  partyKey: string,
): InlineKeyboardButton[][] {
  const labels: Record<Attendance, string> = {
    in_person: t("meetings:attend_in_person"),
    online: t("meetings:attend_online"),
    declined: t("meetings:decline"),
  };
  const attend = (["in_person", "online"] as const)
    .filter((a) => attendanceOffered(meeting, a))
    .map((a) => ({
      text: labels[a],
      callback_data: rsvpChoice.pack({ m: meeting.id, p: partyKey, a: CODE_OF[a] }),
    }));
  return [
    attend,
    [{ text: labels.declined, callback_data: rsvpChoice.pack({ m: meeting.id, p: partyKey, a: "no" }) }],
  ];
}

export function rsvpKeyboard(
  t: Translate,
  meeting: Pick<Meeting, "id" | "venue" | "online_url">,
  partyKey: string,
): InlineKeyboard {
  return InlineKeyboard.from(rsvpButtons(t, meeting, partyKey));
}

/** One button per meeting, opening its card (coordinators) or roster (secretariat). */
export function meetingListKeyboard(
  meetings: readonly { id: number; label: string }[],
  forSecretariat: boolean,
): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const m of meetings) {
    kb.text(
      m.label.length > 60 ? `${m.label.slice(0, 59)}…` : m.label,
      forSecretariat
        ? meetingAdmin.pack({ m: m.id, action: "roster" })
        : meetingView.pack({ m: m.id, action: "c" }),
    ).row();
  }
  return tidy(kb);
}

/** The secretariat's actions on one meeting. */
export function rosterKeyboard(t: Translate, meetingId: number, changeable: boolean): InlineKeyboard {
  const kb = new InlineKeyboard()
    .text(
      t("document_chat:participants_docx_button"),
      participantsList.pack({ m: meetingId, format: "docx", lang: "-" }),
    )
    .text(
      t("document_chat:participants_xlsx_button"),
      participantsList.pack({ m: meetingId, format: "xlsx", lang: "-" }),
    )
    .row()
    .text(t("meetings:csv_export"), meetingAdmin.pack({ m: meetingId, action: "csv" }));
  if (changeable) {
    kb.row()
      .text(t("meetings:reschedule"), meetingAdmin.pack({ m: meetingId, action: "resched" }))
      .text(t("meetings:change_place"), meetingAdmin.pack({ m: meetingId, action: "place" }))
      .row()
      .text(t("meetings:cancel_meeting"), meetingAdmin.pack({ m: meetingId, action: "cancel" }));
  }
  return tidy(kb.row().text(t("meetings:all_meetings"), meetingAdmin.pack({ m: 0, action: "list" })));
}

export function confirmCancelKeyboard(t: Translate, meetingId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("meetings:confirm_cancel"), meetingAdmin.pack({ m: meetingId, action: "cancelyes" }))
    .row()
    .text(t("meetings:back"), meetingAdmin.pack({ m: meetingId, action: "roster" }));
}

/** A step's buttons from (label, value) pairs, `perRow` to a row. */
export function stepKeyboard(step: string, choices: readonly [string, string][], perRow = 1): InlineKeyboard {
  const kb = new InlineKeyboard();
  choices.forEach(([label, v], i) => {
    kb.text(label, meetingStep.pack({ step, v }));
    if ((i + 1) % perRow === 0) kb.row();
  });
  return tidy(kb);
}

/** The toggle list of invitees: ✓ before the chosen ones, then "Done". */
export function inviteesKeyboard(
  t: Translate,
  parties: readonly { key: string; name: string }[],
  chosen: ReadonlySet<string>,
): InlineKeyboard {
  const kb = new InlineKeyboard();
  parties.forEach((p, i) => {
    kb.text(`${chosen.has(p.key) ? "✓ " : ""}${p.name}`, meetingStep.pack({ step: "inv", v: p.key }));
    if (i % 2 === 1) kb.row();
  });
  kb.row().text(
    t("meetings:invitees_done", { count: chosen.size, ...plain }),
    meetingStep.pack({ step: "inv", v: "done" }),
  );
  return tidy(kb);
}

/** The delegation menu: add, remove each member, finish. */
export function delegationKeyboard(t: Translate, names: readonly string[]): InlineKeyboard {
  const kb = new InlineKeyboard()
    .text(t("meetings:delegation_add"), meetingStep.pack({ step: "dlg", v: "add" }))
    .row();
  names.forEach((name, i) => {
    const short = name.length > 40 ? `${name.slice(0, 39)}…` : name;
    kb.text(
      t("meetings:delegation_remove", { name: short, ...plain }),
      meetingStep.pack({ step: "dlg", v: `rm${i}` }),
    ).row();
  });
  return kb.text(t("meetings:delegation_finish"), meetingStep.pack({ step: "dlg", v: "finish" }));
}
