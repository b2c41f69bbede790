/**
 * The language picker, offered when joining and by /language: one button per shipped language,
 * each in its own name.
 */
import { InlineKeyboard } from "grammy";
import { callbackKind } from "../callback-data.js";
import { LANGUAGE_NAMES } from "../i18n.js";

export const languageChoice = callbackKind("lang", ["code"]);
/**
 * The same choice while joining: a kind of its own, so that once the person is in, the join
 * message's buttons are refused as no longer active instead of changing the language.
 */
export const joinLanguageChoice = callbackKind("jlang", ["code"]);

export function languageKeyboard(
  languages: readonly string[],
  kind: typeof languageChoice = languageChoice,
): InlineKeyboard {
  const kb = new InlineKeyboard();
  languages.forEach((code, i) => {
    kb.text(LANGUAGE_NAMES[code] ?? code, kind.pack({ code }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}
