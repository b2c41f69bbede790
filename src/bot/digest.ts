/**
 * The secretariat's daily digest as a message: each capability (meetings, review rounds)
 * contributes a section. Nothing is queued when no section has news,
 * and a digest whose news is gone by send time is not sent.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { DIGEST_RENDERER } from "../domain/digest.js";
import { effectiveTimeZone } from "../domain/people/time-zones.js";
import type { Renderer } from "../outbox/dispatcher.js";
import type { BotDeps } from "./context.js";
import { meetingsDigestSection } from "./features/meetings/digest-section.js";
import { roundsDigestSection } from "./features/reviews/digest-section.js";
import type { DigestSection } from "./shared/digest-section.js";

/** The sections in the order they appear. */
export function digestSections(): DigestSection[] {
  return [meetingsDigestSection(), roundsDigestSection()];
}

/** Whether any section has news. */
export async function digestHasNews(db: Kysely<Database>, now: number): Promise<boolean> {
  for (const section of digestSections()) if (await section.hasNews(db, now)) return true;
  return false;
}

export function digestRenderers(deps: BotDeps): [string, Renderer][] {
  const render: Renderer = async ({ db, person, now }) => {
    if (person?.role !== "secretariat") return null;
    const lang = deps.translations.resolveLanguage(person.language, undefined);
    const t = deps.translations.forLanguage(lang);
    const zone = await effectiveTimeZone(db, person, deps.config.defaultTimeZone);
    const parts: string[] = [];
    for (const section of digestSections()) {
      const text = await section.render({ db, now, t, lang, zone });
      if (text) parts.push(text);
    }
    if (parts.length === 0) return null;
    return { type: "text", text: [t("meetings:digest_title"), ...parts].join("\n\n"), parseMode: "HTML" };
  };
  return [[DIGEST_RENDERER, render]];
}
