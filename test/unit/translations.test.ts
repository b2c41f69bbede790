/**
 * The cached-template path of `t` gives exactly what i18next gives, for every key of every
 * language: with its variables (HTML in them escaped, or not when asked), with a variable missing,
 * with plural counts (which go to i18next), and for a key that does not exist.
 */
import { describe, expect, it } from "vitest";
import { createTranslations } from "../../src/bot/i18n.js";
import { localeStrings } from "../support/locale-files.js";

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every key of a language (plural forms folded into their base key) with the variables it uses. */
function keysOf(lang: string): Map<string, Set<string>> {
  const strings = localeStrings(lang);
  const keys = new Map<string, Set<string>>();
  for (const [key, text] of strings) {
    const base = key.replace(PLURAL, "");
    const vars = keys.get(base) ?? new Set<string>();
    for (const m of text.matchAll(/\{\{-?\s*([\w.]+)\s*\}\}/g)) if (m[1]) vars.add(m[1]);
    keys.set(base, vars);
  }
  return keys;
}

describe("translations", async () => {
  const translations = await createTranslations("ru");
  const languages = translations.languages;

  it.each(languages)("%s: the cached path matches i18next for every key", (lang) => {
    const fast = translations.forLanguage(lang);
    const slow = translations.instance.getFixedT(lang);
    const keys = keysOf(lang);
    expect(keys.size).toBeGreaterThan(200);
    let compared = 0;
    for (const [key, vars] of keys) {
      const values = Object.fromEntries(
        [...vars].map((v, i) => [v, i % 2 ? `<b>${v}</b> & "${i}"` : 1000 + i]),
      );
      const cases: Record<string, unknown>[] = [
        values,
        { ...values, interpolation: { escapeValue: false } },
        { ...values, count: 1 },
        { ...values, count: 3 },
        { ...values, count: 11 },
      ];
      if (vars.size > 0) cases.push({ ...values, [[...vars][0] ?? ""]: undefined });
      for (const options of cases) {
        expect(fast(key, options as never), `${lang} ${key} ${JSON.stringify(options)}`).toBe(
          slow(key, options as never),
        );
        compared++;
      }
      expect(fast(key)).toBe(slow(key));
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("answers a key that does not exist the way i18next does, and falls back to Russian", () => {
    const kk = translations.forLanguage("kk");
    expect(kk("common:no_such_key")).toBe(translations.instance.getFixedT("kk")("common:no_such_key"));
    expect(kk("common:no_such_key", { name: "x" })).toBe(
      translations.instance.getFixedT("kk")("common:no_such_key", { name: "x" }),
    );
    expect(translations.forLanguage("xx")("common:cancelled")).toBe(
      translations.forLanguage("ru")("common:cancelled"),
    );
  });
});
