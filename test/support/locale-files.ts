/**
 * The shipped locale files read as tests need them: every string of a language by its full key
 * ("namespace:path.to.key"), nested JSON flattened.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const LOCALES_ROOT = resolve(import.meta.dirname, "..", "..", "locales");

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

/** Every string of `lang`, keyed "namespace:key". */
export function localeStrings(lang: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of readdirSync(join(LOCALES_ROOT, lang)).filter((f) => f.endsWith(".json"))) {
    flatten(JSON.parse(readFileSync(join(LOCALES_ROOT, lang, file), "utf8")), `${file.slice(0, -5)}:`, out);
  }
  return out;
}
