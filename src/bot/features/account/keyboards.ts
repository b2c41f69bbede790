/**
 * Buttons for a person's own settings: the language picker and the time zone picker,
 * shared by joining and by /language and /timezone.
 */
import { InlineKeyboard } from "grammy";
import { callbackKind } from "../../callback-data.js";
import { utcOffsetLabel } from "../../dates.js";
import type { Translate } from "../../i18n.js";
import { LANGUAGE_NAMES } from "../../i18n.js";

export const languageChoice = callbackKind("lang", ["code"]);
export const zoneChoice = callbackKind("tz", ["zone"]);
/** Keep the zone shown, or ask for the list / a typed name. */
export const zoneStep = callbackKind("tzs", ["action"]);

/** One button per shipped language, each in its own name. */
export function languageKeyboard(languages: readonly string[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  languages.forEach((code, i) => {
    kb.text(LANGUAGE_NAMES[code] ?? code, languageChoice.pack({ code }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

/** "Keep Asia/Almaty" / "Choose another". */
export function keepZoneKeyboard(t: Translate, zone: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(
      t("account:keep_zone", { zone, interpolation: { escapeValue: false } }),
      zoneStep.pack({ action: "keep" }),
    )
    .row()
    .text(t("account:other_zone"), zoneStep.pack({ action: "other" }));
}

/** The suggested zones with their current UTC offsets, two per row. */
export function zoneListKeyboard(zones: readonly string[], now: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  zones.forEach((zone, i) => {
    kb.text(`${zone} (${utcOffsetLabel(now, zone)})`, zoneChoice.pack({ zone }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}
