/**
 * Announcements described in a few words for the secretariat: the audience with what was chosen
 * ("Chosen states: Kazakhstan, Kyrgyzstan"), the first words of the content (for /announcements),
 * and a delivery failure in plain words instead of Telegram's error text.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import type { AnnouncementContent } from "../../../domain/announcements/announcements.js";
import type { Audience } from "../../../domain/announcements/audience.js";
import { meetingTitles, pickTitle } from "../../../domain/meetings/meetings.js";
import { listStates } from "../../../domain/reference.js";
import type { Translate } from "../../i18n.js";

const plain = { interpolation: { escapeValue: false } };

/** "Everyone", or "Chosen states: Kazakhstan, Kyrgyzstan", "Invited to a meeting: <title>": plain text. */
export async function audienceText(
  db: Kysely<Database>,
  t: Translate,
  lang: string,
  audience: Audience,
): Promise<string> {
  const kind = t(`announcements:audience_${audience.kind === "meeting" ? audience.which : audience.kind}`);
  let names: string[];
  switch (audience.kind) {
    case "everyone":
    case "members":
      return kind;
    case "states": {
      // In the order the states are always listed, not the order of their codes.
      const chosen = new Set(audience.states);
      names = (await listStates(db, lang)).filter((s) => chosen.has(s.code)).map((s) => s.name);
      break;
    }
    case "roles":
      names = audience.roles.map((role) => t(`roles:${role}`));
      break;
    case "meeting":
      names = [pickTitle(await meetingTitles(db, audience.meetingId), lang)];
      break;
  }
  return t("announcements:audience_named", { kind, names: names.join(", "), ...plain });
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The first words of a text, at most `max` characters, cut between words (or whole characters). */
export function firstWords(text: string, max = 32): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  let cut = "";
  for (const word of flat.split(" ")) {
    const next = cut ? `${cut} ${word}` : word;
    if (next.length > max - 1) break;
    cut = next;
  }
  if (!cut) {
    for (const { segment } of graphemes.segment(flat)) {
      if (cut.length + segment.length > max - 1) break;
      cut += segment;
    }
  }
  return `${cut}…`;
}

/** What an announcement says first: its text or caption's first words, else what kind of file it is. */
export function contentWords(t: Translate, content: AnnouncementContent): string {
  const text = content.kind === "text" ? content.text : (content.caption ?? "");
  if (text.trim()) return firstWords(text);
  return t(content.kind === "photo" ? "announcements:words_photo" : "announcements:words_document");
}

/**
 * Why a message did not reach its recipient, in the secretariat's words. The outbox keeps
 * Telegram's answer ("403: Forbidden: bot can't initiate conversation with a user"); the key here
 * says what it means for the person. Undefined for a recipient who simply blocked the bot: the
 * report's heading already says so.
 */
export function failureReason(t: Translate, error: string | null): string | undefined {
  const e = error ?? "";
  if (/blocked by the user/i.test(e)) return undefined;
  let key: string;
  if (
    /^(403|400: Bad Request: (chat not found|user not found|PEER_ID_INVALID))|deactivated|initiate/i.test(e)
  )
    key = "cannot_receive";
  else if (/^no longer needed/.test(e)) key = "deactivated";
  else if (/^render:/.test(e)) key = "fault";
  else if (/^4\d\d:/.test(e)) key = "refused";
  else key = "unreachable";
  return t(`announcements:reason.${key}`);
}
