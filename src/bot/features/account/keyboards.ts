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

type Rows = InlineKeyboard["inline_keyboard"];
const zoneRows = new Map<string, Rows>();
const QUARTER_HOUR = 15 * 60_000;

/**
 * The suggested zones with their current UTC offsets, two per row. Every /timezone shows it (and
 * builds it again when the flow replays), and its labels change only when an offset does, on a
 * quarter hour (see `utcOffsetLabel`): the rows are kept per zone list and quarter hour, frozen.
 */
export function zoneListKeyboard(zones: readonly string[], now: number): InlineKeyboard {
  const key = `${zones.join(" ")}|${Math.floor(now / QUARTER_HOUR)}`;
  let rows = zoneRows.get(key);
  if (rows === undefined) {
    const kb = new InlineKeyboard();
    zones.forEach((zone, i) => {
      kb.text(`${zone} (${utcOffsetLabel(now, zone)})`, zoneChoice.pack({ zone }));
      if (i % 2 === 1) kb.row();
    });
    // Frozen: a caller adding a button to the shared rows would fail at once, not spread it.
    const built = Object.freeze(
      kb.inline_keyboard.map((row) => Object.freeze(row.map((b) => Object.freeze(b)))),
    );
    rows = built as unknown as Rows;
    if (zoneRows.size >= 200) zoneRows.clear();
    zoneRows.set(key, rows);
  }
  return new InlineKeyboard(rows);
}
