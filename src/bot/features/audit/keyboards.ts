/**
 * Buttons of /audit: the period, then whose entries, then the file format. Each button carries the
 * choices made so far (`-` for one not made yet), so the steps need no state between them.
 */
import { InlineKeyboard } from "grammy";
import { callbackKind } from "../../callback-data.js";
import type { Translate } from "../../i18n.js";

/**
 * period: d7 | d30 | d365 | all | YYYYMMDD-YYYYMMDD (UTC days, both included);
 * scope: all | a state's ISO code | p<person id>; format: csv | xlsx. `-`: not chosen yet.
 */
export const auditChoice = callbackKind("au", ["period", "scope", "format"]);

export const QUICK_PERIODS = ["d7", "d30", "d365", "all"] as const;

export function periodKeyboard(t: Translate): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const [i, period] of QUICK_PERIODS.entries()) {
    kb.text(t(`audit:period_${period}`), auditChoice.pack({ period, scope: "-", format: "-" }));
    if (i % 2 === 1) kb.row();
  }
  return kb;
}

export function scopeKeyboard(
  t: Translate,
  period: string,
  states: readonly { code: string; name: string }[],
): InlineKeyboard {
  const kb = new InlineKeyboard().text(
    t("audit:scope_all"),
    auditChoice.pack({ period, scope: "all", format: "-" }),
  );
  kb.row();
  for (const [i, s] of states.entries()) {
    kb.text(s.name, auditChoice.pack({ period, scope: s.code, format: "-" }));
    if (i % 2 === 1) kb.row();
  }
  return kb;
}

export function formatKeyboard(t: Translate, period: string, scope: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("audit:format_xlsx"), auditChoice.pack({ period, scope, format: "xlsx" }))
    .text(t("audit:format_csv"), auditChoice.pack({ period, scope, format: "csv" }));
}
