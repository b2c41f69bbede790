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
