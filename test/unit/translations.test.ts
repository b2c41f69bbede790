/**
 * The translations as the bot uses them: a `t` fixed per language, the person's language chosen
 * in order (their choice, their Telegram language, the default), Russian plural forms, HTML in
 * variables escaped, and fallbacks for a missing string or an unknown language.
 */
import { describe, expect, it } from "vitest";
import { createTranslations } from "../../src/bot/i18n.js";

describe("translations", async () => {
  const translations = await createTranslations("ru");

  it("ships the seven languages in picker order", () => {
    expect(translations.languages).toEqual(["ru", "en", "kk", "ky", "tg", "tk", "uz"]);
  });

  it("speaks the person's choice, else their Telegram language, else the default", () => {
    expect(translations.resolveLanguage("kk", "en")).toBe("kk");
    expect(translations.resolveLanguage(null, "en-GB")).toBe("en");
    expect(translations.resolveLanguage(undefined, "uz_UZ")).toBe("uz");
    expect(translations.resolveLanguage(null, "fr")).toBe("ru");
    expect(translations.resolveLanguage("xx", undefined)).toBe("ru");
  });

  it("uses the Russian plural forms one, few and many", () => {
    const ru = translations.forLanguage("ru");
    expect(ru("meetings:days", { count: 1 })).toBe("1 день");
    expect(ru("meetings:days", { count: 3 })).toBe("3 дня");
    expect(ru("meetings:days", { count: 5 })).toBe("5 дней");
    expect(ru("meetings:days", { count: 21 })).toBe("21 день");
    expect(translations.forLanguage("en")("meetings:days", { count: 1 })).toBe("1 day");
  });

  it("escapes HTML in variables unless asked not to", () => {
    const en = translations.forLanguage("en");
    const escaped = en("account:language_set", { language: "<b>A & B</b>" });
    expect(escaped).not.toContain("<b>A");
    expect(escaped).toBe("Done: I will write to you in &lt;b&gt;A &amp; B&lt;/b&gt;.");
    expect(en("account:language_set", { language: "<b>A</b>", interpolation: { escapeValue: false } })).toBe(
      "Done: I will write to you in <b>A</b>.",
    );
  });

  it("falls back to Russian for an unknown language, and a fixed t never changes language", () => {
    expect(translations.forLanguage("xx")("common:cancelled")).toBe(
      translations.forLanguage("ru")("common:cancelled"),
    );
    const en = translations.forLanguage("en");
    const ky = translations.forLanguage("ky");
    expect(en("common:cancelled")).not.toBe(ky("common:cancelled"));
    expect(en("common:cancelled")).toBe(translations.forLanguage("en")("common:cancelled"));
  });
});
