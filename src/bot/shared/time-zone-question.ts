/**
 * The time zone question, asked when joining, by /timezone and for a new meeting's venue: a button
 * per suggested zone named by its city and current offset ("Bishkek, UTC+6"), or a typed IANA name.
 */
import { InlineKeyboard } from "grammy";
import { canonicalTimeZone } from "../../domain/people/time-zones.js";
import { callbackKind } from "../callback-data.js";
import type { BotConversation } from "../context.js";
import { zoneLabel } from "../dates.js";
import type { Translate } from "../i18n.js";
import { ignore, waitForText } from "../waiting.js";

export const zoneChoice = callbackKind("tz", ["zone"]);
/** Keep the zone shown, or ask for the list / a typed name. */
export const zoneStep = callbackKind("tzs", ["action"]);

/** "Keep Almaty, UTC+5" / "Choose another". */
export function keepZoneKeyboard(t: Translate, zone: string, now: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(
      t("account:keep_zone", { zone: zoneLabel(now, zone, t), interpolation: { escapeValue: false } }),
      zoneStep.pack({ action: "keep" }),
    )
    .row()
    .text(t("account:other_zone"), zoneStep.pack({ action: "other" }));
}

/** The suggested zones by city with their current UTC offsets, two per row. */
export function zoneListKeyboard(zones: readonly string[], now: number, t: Translate): InlineKeyboard {
  const kb = new InlineKeyboard();
  zones.forEach((zone, i) => {
    kb.text(zoneLabel(now, zone, t), zoneChoice.pack({ zone }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

/** Waits for a zone button or a typed zone name; anything else is answered and the step waits on. */
export async function askZone(conversation: BotConversation, t: Translate): Promise<string> {
  const answer = await waitForText(conversation, 64, zoneChoice, t);
  if ("button" in answer) {
    const zone = canonicalTimeZone(answer.button.zone);
    await answer.ctx.answerCallbackQuery();
    return zone ?? ignore(conversation);
  }
  const zone = canonicalTimeZone(answer.text);
  if (zone) return zone;
  await answer.ctx.reply(t("account:zone_invalid", { zone: answer.text }), { parse_mode: "HTML" });
  return ignore(conversation);
}
