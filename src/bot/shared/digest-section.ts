/**
 * What a capability contributes to the secretariat's daily digest (bot/digest.ts composes them).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import type { Translate } from "../i18n.js";

export interface DigestSectionInput {
  db: Kysely<Database>;
  now: number;
  t: Translate;
  lang: string;
  /** The reader's time zone. */
  zone: string;
}

/** One capability's part of the digest. */
export interface DigestSection {
  name: string;
  /** Whether there is anything to say now (decides whether the digest is queued at all). */
  hasNews(db: Kysely<Database>, now: number): Promise<boolean>;
  /** The section's HTML text for one reader, or null when it has nothing to say. */
  render(input: DigestSectionInput): Promise<string | null>;
}
