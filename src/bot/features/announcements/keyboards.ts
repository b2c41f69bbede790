/**
 * Buttons of announcements: the /announce steps, the recipients' acknowledgement, and /announcements.
 */
import { InlineKeyboard } from "grammy";
import type { Role } from "../../../domain/people/people.js";
import { callbackKind } from "../../callback-data.js";
import type { Translate } from "../../i18n.js";

/** A step of /announce: `step` names the question, `value` the answer. */
export const announceStep = callbackKind("an", ["step", "value"]);
/** A recipient acknowledges announcement `id`. */
export const acknowledgeChoice = callbackKind("ack", ["id"]);
/** /announcements: list, show, acks, resend, resend_yes. */
export const announcementsAction = callbackKind("anl", ["action", "id"]);
/**
 * "Re-send to N people", confirmed: `round` is the re-send it makes (the announcement's re-sends
 * so far, plus one), so a second tap on the same button finds that re-send done and queues nothing.
 */
export const resendConfirm = callbackKind("anr", ["id", "round"]);

const plain = { interpolation: { escapeValue: false } };

export function moreVersionsKeyboard(t: Translate, missing: readonly string[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const lang of missing) {
    kb.text(
      t("announcements:add_version", { language: t(`languages:${lang}`), ...plain }),
      announceStep.pack({ step: "version", value: lang }),
    ).row();
  }
  return kb.text(t("announcements:continue"), announceStep.pack({ step: "version", value: "done" }));
}

export function audienceKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("announcements:audience_everyone"), announceStep.pack({ step: "audience", value: "everyone" }))
    .text(t("announcements:audience_members"), announceStep.pack({ step: "audience", value: "members" }))
    .row()
    .text(t("announcements:audience_states"), announceStep.pack({ step: "audience", value: "states" }))
    .text(t("announcements:audience_roles"), announceStep.pack({ step: "audience", value: "roles" }))
    .row()
    .text(t("announcements:audience_invited"), announceStep.pack({ step: "audience", value: "invited" }))
    .text(t("announcements:audience_attending"), announceStep.pack({ step: "audience", value: "attending" }));
}

export function meetingChoiceKeyboard(meetings: readonly { id: number; title: string }[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const m of meetings) kb.text(m.title, announceStep.pack({ step: "meeting", value: m.id })).row();
  return kb;
}

/** Toggle buttons (✓ when chosen) and Done. */
export function toggleKeyboard(
  t: Translate,
  step: "state" | "role",
  options: readonly { value: string; label: string }[],
  chosen: readonly string[],
): InlineKeyboard {
  const kb = new InlineKeyboard();
  options.forEach((o, i) => {
    kb.text(`${chosen.includes(o.value) ? "✓ " : ""}${o.label}`, announceStep.pack({ step, value: o.value }));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(t("announcements:done_choosing"), announceStep.pack({ step, value: "done" }));
}

export function roleOptions(t: Translate): { value: Role; label: string }[] {
  return (["coordinator", "alternate", "observer", "secretariat"] as const).map((value) => ({
    value,
    label: t(`roles:${value}`),
  }));
}

export function ackQuestionKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("announcements:ack_yes"), announceStep.pack({ step: "ack", value: "yes" }))
    .text(t("announcements:ack_no"), announceStep.pack({ step: "ack", value: "no" }));
}

export function confirmKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("announcements:send"), announceStep.pack({ step: "confirm", value: "send" }))
    .text(t("announcements:cancel"), announceStep.pack({ step: "confirm", value: "cancel" }));
}

export function ackButtonRow(t: Translate, id: number, done = false, reminder = false) {
  const label = done
    ? "announcements:acknowledged_button"
    : reminder
      ? "announcements:reminder_ack_button"
      : "announcements:ack_button";
  return [
    [
      {
        text: t(label),
        callback_data: acknowledgeChoice.pack({ id }),
      },
    ],
  ];
}

export function listKeyboard(items: readonly { id: number; label: string }[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const item of items)
    kb.text(item.label, announcementsAction.pack({ action: "show", id: item.id })).row();
  return kb;
}

export function detailKeyboard(t: Translate, id: number, ackRequested: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (ackRequested) {
    kb.text(t("announcements:who_acknowledged"), announcementsAction.pack({ action: "acks", id })).row();
    kb.text(t("announcements:resend"), announcementsAction.pack({ action: "resend", id })).row();
  }
  return kb.text(t("people:back"), announcementsAction.pack({ action: "list", id: 0 }));
}

export function confirmResendKeyboard(
  t: Translate,
  id: number,
  count: number,
  round: number,
): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("announcements:resend_confirm", { count }), resendConfirm.pack({ id, round }))
    .text(t("people:back"), announcementsAction.pack({ action: "show", id }));
}
