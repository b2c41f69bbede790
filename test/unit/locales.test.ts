/**
 * Every shipped language carries the same keys as English, with the same interpolation variables,
 * and the plural forms its language needs.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LOCALES_ROOT, localeStrings } from "../support/locale-files.js";

const PLURAL = /_(zero|one|two|few|many|other)$/;
const languages = readdirSync(LOCALES_ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** base key -> (variables used across its forms, plural forms present) */
function shape(strings: Map<string, string>) {
  const result = new Map<string, { vars: Set<string>; forms: Set<string> }>();
  for (const [key, text] of strings) {
    const base = key.replace(PLURAL, "");
    const entry = result.get(base) ?? { vars: new Set<string>(), forms: new Set<string>() };
    const form = PLURAL.exec(key)?.[1];
    if (form) entry.forms.add(form);
    for (const m of text.matchAll(/\{\{-?\s*([\w.]+)[^}]*\}\}/g)) if (m[1]) entry.vars.add(m[1]);
    result.set(base, entry);
  }
  return result;
}

/** The cardinal plural categories CLDR gives the language: what i18next asks for via Intl.PluralRules. */
function requiredForms(lang: string): string[] {
  return [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories];
}

const SHIPPED = ["ru", "en", "kk", "ky", "tg", "tk", "uz"];

describe("locales", () => {
  const english = shape(localeStrings("en"));

  it("ships the seven languages of the Process", () => {
    expect([...languages].sort()).toEqual([...SHIPPED].sort());
    expect(english.size).toBeGreaterThan(50);
  });

  it("holds each language to its own plural categories", () => {
    expect(requiredForms("ru")).toEqual(expect.arrayContaining(["one", "few", "many", "other"]));
    for (const lang of ["en", "kk", "ky", "tg", "tk", "uz"])
      expect(requiredForms(lang).sort()).toEqual(["one", "other"]);
  });

  for (const lang of languages) {
    describe(lang, () => {
      const own = shape(localeStrings(lang));

      it("has exactly the keys English has", () => {
        expect([...own.keys()].sort()).toEqual([...english.keys()].sort());
      });

      it("uses the same interpolation variables in every string", () => {
        const mismatches = [...english].flatMap(([key, en]) => {
          const mine = own.get(key);
          const a = [...en.vars].sort().join(",");
          const b = [...(mine?.vars ?? [])].sort().join(",");
          return a === b ? [] : [`${key}: en {${a}} vs ${lang} {${b}}`];
        });
        expect(mismatches).toEqual([]);
      });

      it("has no plural form its language does not use", () => {
        const forms = requiredForms(lang);
        const extra = [...own].flatMap(([key, entry]) =>
          [...entry.forms].filter((f) => !forms.includes(f)).map((f) => `${key}_${f}`),
        );
        expect(extra).toEqual([]);
      });

      it("has every plural form the language needs", () => {
        const forms = requiredForms(lang);
        const missing = [...own].flatMap(([key, entry]) =>
          entry.forms.size === 0 ? [] : forms.filter((f) => !entry.forms.has(f)).map((f) => `${key}_${f}`),
        );
        expect(missing).toEqual([]);
      });
    });
  }
});
