/**
 * Telegram refuses an answer to a button press longer than 200 characters, and the person then
 * sees an apology instead. Every text the bot says this way is rendered here in every language,
 * with the longest values its variables can take; and no code passes its own text to
 * `answerCallbackQuery` beside the module that holds these keys.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createTranslations } from "../../src/bot/i18n.js";
import { PRESS_ANSWER_LIMIT, PRESS_ANSWERS, REFUSAL_SAMPLES } from "../../src/bot/press-answers.js";
import { localeStrings } from "../support/locale-files.js";

const SHIPPED = ["ru", "en", "kk", "ky", "tg", "tk", "uz"];
const SRC = resolve(import.meta.dirname, "..", "..", "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
  );
}

describe("answers to button presses", async () => {
  const translations = await createTranslations("ru");

  it("fit Telegram's 200 characters in every language, with the longest values", () => {
    const tooLong: string[] = [];
    for (const lang of SHIPPED) {
      const t = translations.forLanguage(lang);
      for (const [key, samples] of Object.entries(PRESS_ANSWERS)) {
        const text = t(key, samples(t) as Record<string, string | number>);
        expect(text, `${lang} ${key}`).not.toBe(key);
        if (text.length > PRESS_ANSWER_LIMIT) tooLong.push(`${lang} ${key}: ${text.length}`);
      }
      for (const key of localeStrings(lang).keys()) {
        if (!key.startsWith("errors:")) continue;
        const text = t(key.replace(/_(one|few|many|other)$/, ""), { count: 99_999, ...REFUSAL_SAMPLES });
        if (text.length > PRESS_ANSWER_LIMIT) tooLong.push(`${lang} ${key}: ${text.length}`);
      }
    }
    expect(tooLong).toEqual([]);
  });

  it("to a stranger whose language is not shipped fit in the default language and English together", () => {
    for (const fallback of SHIPPED) {
      const text = [...new Set([fallback, "en"])]
        .map((lang) => translations.forLanguage(lang)("access:stranger_press"))
        .join("\n\n");
      expect(text.length, fallback).toBeLessThanOrEqual(PRESS_ANSWER_LIMIT);
    }
  });

  it("are said only through the module that holds them to the limit", () => {
    const offenders = sources(SRC)
      .filter((file) => !file.endsWith("press-answers.ts"))
      .filter((file) => /answerCallbackQuery\(\s*\{[^}]*\btext\b/s.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
