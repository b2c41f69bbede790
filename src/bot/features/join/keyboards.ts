/**
 * Buttons of the joining flow.
 */
import { InlineKeyboard } from "grammy";
import { callbackKind } from "../../callback-data.js";
import type { Translate } from "../../i18n.js";

export const nameStep = callbackKind("jn", ["action"]);

export function confirmNameKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("join:keep_name"), nameStep.pack({ action: "keep" }))
    .text(t("join:change_name"), nameStep.pack({ action: "change" }));
}

/** An active member who opened another invitation: take the invitation's role (`yes`) or keep theirs (`no`). */
export const roleChangeStep = callbackKind("jrc", ["action"]);

export function roleChangeKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("join:role_change_yes"), roleChangeStep.pack({ action: "yes" }))
    .row()
    .text(t("join:role_change_no"), roleChangeStep.pack({ action: "no" }));
}
