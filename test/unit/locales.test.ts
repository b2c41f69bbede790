/**
 * Every shipped language carries the same keys as English, with the same interpolation variables,
 * and the plural forms its language needs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..", "locales");
const PLURAL = /_(zero|one|two|few|many|other)$/;
const languages = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (typeof value === "string") {
    out.set(prefix, value);
    return;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value))
      flatten(v, prefix.endsWith(":") ? `${prefix}${k}` : `${prefix}.${k}`, out);
  }
}

function load(lang: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of readdirSync(join(ROOT, lang)).filter((f) => f.endsWith(".json"))) {
    flatten(JSON.parse(readFileSync(join(ROOT, lang, file), "utf8")), `${file.slice(0, -5)}:`, out);
  }
  return out;
}

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
  const english = shape(load("en"));

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
      const own = shape(load(lang));

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
