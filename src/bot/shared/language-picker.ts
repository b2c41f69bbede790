/**
 * The language picker, offered when joining and by /language: one button per shipped language,
 * each in its own name.
 */
import { InlineKeyboard } from "grammy";
import { callbackKind } from "../callback-data.js";
import { LANGUAGE_NAMES } from "../i18n.js";

export const languageChoice = callbackKind("lang", ["code"]);

export function languageKeyboard(languages: readonly string[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  languages.forEach((code, i) => {
    kb.text(LANGUAGE_NAMES[code] ?? code, languageChoice.pack({ code }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}
