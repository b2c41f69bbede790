/**
 * Translations: every `locales/<lang>/<namespace>.json` file loaded into one i18next instance.
 * Each update gets a fixed `t` for its person's language (never `changeLanguage`: it is global).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import i18next, { type i18n, type Resource, type TFunction } from "i18next";
import { projectPath } from "../paths.js";
import { isolateDirection } from "./shared/text.js";

/** Languages the bot speaks, in picker order, with each one's name in itself (for the language picker). */
export const LANGUAGE_NAMES: Record<string, string> = {
  ru: "Русский",
  en: "English",
  kk: "Қазақша",
  ky: "Кыргызча",
  tg: "Тоҷикӣ",
  tk: "Türkmençe",
  uz: "Oʻzbekcha",
};

/**
 * Where a missing string is looked up next. The region's languages fall back to Russian, the
 * working language of the Process that every coordinator reads, then to English; Russian and
 * English fall back to each other. The locale test keeps every language complete, so this is
 * only a safety net for a string added in a hurry.
 */
export const FALLBACK_LANGUAGES = {
  ru: ["en"],
  en: ["ru"],
  kk: ["ru", "en"],
  ky: ["ru", "en"],
  tg: ["ru", "en"],
  tk: ["ru", "en"],
  uz: ["ru", "en"],
  default: ["ru", "en"],
};

export type Translate = TFunction;

/** Escapes what Telegram's HTML parse mode needs escaped in interpolated values. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function loadResources(root: string): Resource {
  const resources: Resource = {};
  for (const lang of readdirSync(root, { withFileTypes: true })) {
    if (!lang.isDirectory()) continue;
    const namespaces: Record<string, Record<string, unknown>> = {};
    for (const file of readdirSync(join(root, lang.name))) {
      if (!file.endsWith(".json")) continue;
      namespaces[file.slice(0, -".json".length)] = JSON.parse(
        readFileSync(join(root, lang.name, file), "utf8"),
      );
    }
    resources[lang.name] = namespaces;
  }
  return resources;
}

export interface Translations {
  /** A `t` bound to one language, safe to use concurrently with others. */
  forLanguage(lang: string): Translate;
  /** The shipped languages, in picker order. */
  languages: readonly string[];
  /** The language to speak to someone: their choice, else their Telegram language, else the default. */
  resolveLanguage(chosen: string | null | undefined, telegramLanguage: string | undefined): string;
  instance: i18n;
}

/** Loads the locales once at start. */
export async function createTranslations(
  defaultLanguage: string,
  root = projectPath("locales"),
): Promise<Translations> {
  const resources = loadResources(root);
  const languages = Object.keys(LANGUAGE_NAMES).filter((l) => l in resources);
  const instance = i18next.createInstance();
  await instance.init({
    resources,
    lng: defaultLanguage,
    fallbackLng: FALLBACK_LANGUAGES,
    supportedLngs: languages,
    ns: Object.keys(resources[defaultLanguage] ?? resources.en ?? {}),
    defaultNS: "common",
    // Interpolated values are people's text: escaped for HTML, and isolated when written right to left.
    interpolation: { escapeValue: true, escape: (value: string) => escapeHtml(isolateDirection(value)) },
    returnNull: false,
    initAsync: false,
  });
  const byLanguage = new Map(languages.map((l) => [l, instance.getFixedT(l)]));
  const fallback = instance.getFixedT(defaultLanguage);
  const supported = (code: string | null | undefined) => {
    if (!code) return undefined;
    const base = code.toLowerCase().split(/[-_]/)[0] ?? "";
    return languages.includes(base) ? base : undefined;
  };
  return {
    instance,
    languages,
    forLanguage: (lang) => byLanguage.get(lang) ?? fallback,
    resolveLanguage: (chosen, telegramLanguage) =>
      supported(chosen) ?? supported(telegramLanguage) ?? defaultLanguage,
  };
}
