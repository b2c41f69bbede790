/**
 * How an announcement looks to a recipient (and in the secretariat's preview), the progress line,
 * and the final delivery report. Used by the outbox renderers and by the /announce preview.
 */
import type { MessageEntity } from "grammy/types";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import {
  type Announcement,
  type AnnouncementContent,
  CAPTION_LIMIT,
  getAnnouncement,
  RENDERER,
  REPORT_RENDERER,
  TEXT_LIMIT,
  versionFor,
} from "../../../domain/announcements/announcements.js";
import {
  type DeliveryCounts,
  type RecipientOutcome,
  recipientOutcomes,
} from "../../../domain/announcements/delivery.js";
import { affiliationName } from "../../../domain/people/affiliation.js";
import type { ReadyMessage } from "../../../outbox/content.js";
import type { Renderer } from "../../../outbox/dispatcher.js";
import type { Translate, Translations } from "../../i18n.js";
import { escapeHtml } from "../../i18n.js";
import { isolateDirection } from "../../shared/text.js";
import { failureReason } from "./describe.js";
import { ackButtonRow } from "./keyboards.js";

/**
 * A re-sent copy opens with a line saying it is a reminder to acknowledge (in bold), when the
 * text or caption has room for it under Telegram's limit; the formatting of the rest moves with it.
 */
function withReminder(
  text: string,
  entities: MessageEntity[] | undefined,
  note: string,
  limit: number,
): { text: string; entities: MessageEntity[] | undefined } {
  const head = text ? `${note}\n\n` : note;
  if (head.length + text.length > limit) return { text, entities };
  const moved = (entities ?? []).map((e) => ({ ...e, offset: e.offset + head.length }));
  return { text: head + text, entities: [{ type: "bold", offset: 0, length: note.length }, ...moved] };
}

/**
 * The message a recipient gets: the content as written, with an Acknowledge button if asked for;
 * a re-sent copy (`reminder`) says that it is a reminder to acknowledge.
 */
export function announcementMessage(
  content: AnnouncementContent,
  t: Translate,
  ackFor: number | null,
  reminder = false,
): ReadyMessage {
  // The formatting was Telegram's own when the secretariat sent it, and goes back unchanged.
  const own = content.entities as MessageEntity[] | undefined;
  const buttons = ackFor === null ? undefined : ackButtonRow(t, ackFor, false, reminder);
  const extra = buttons ? { buttons } : {};
  const note = t("announcements:reminder_note");
  switch (content.kind) {
    case "text": {
      const { text, entities } = reminder
        ? withReminder(content.text, own, note, TEXT_LIMIT)
        : { text: content.text, entities: own };
      return { type: "text", text, ...(entities ? { entities } : {}), ...extra };
    }
    case "photo":
    case "document": {
      const { text, entities } = reminder
        ? withReminder(content.caption ?? "", own, note, CAPTION_LIMIT)
        : { text: content.caption, entities: own };
      return {
        type: content.kind,
        fileId: content.fileId,
        ...(text !== undefined ? { caption: text } : {}),
        ...(entities ? { captionEntities: entities } : {}),
        ...extra,
      };
    }
  }
}

/** "Sent 120 of 300 …", in the author's language. */
export function progressText(t: Translate, a: Announcement, counts: DeliveryCounts): string {
  const done = counts.pending + counts.sending === 0;
  return t(done ? "announcements:progress_done" : "announcements:progress", {
    id: a.id,
    sent: counts.sent,
    total: a.recipients,
    blocked: counts.blocked,
    failed: counts.failed + counts.cancelled,
  });
}

const MAX_NAMES = 40;

async function namesLine(
  db: Kysely<Database>,
  t: Translate,
  lang: string,
  people: readonly RecipientOutcome[],
  withReason: boolean,
): Promise<string> {
  const shown = await Promise.all(
    people.slice(0, MAX_NAMES).map(async (p) => {
      const where = await affiliationName(db, { stateCode: p.stateCode, orgCode: p.orgCode }, lang);
      const plain = withReason ? failureReason(t, p.error) : undefined;
      const reason = plain ? `: ${escapeHtml(plain)}` : "";
      return `• ${escapeHtml(isolateDirection(p.name))}${where ? ` (${escapeHtml(where)})` : ""}${reason}`;
    }),
  );
  if (people.length > MAX_NAMES)
    shown.push(t("announcements:and_more", { count: people.length - MAX_NAMES }));
  return shown.join("\n");
}

/** The final report: delivered, blocked the bot, failed — with names. */
export async function reportText(
  db: Kysely<Database>,
  t: Translate,
  lang: string,
  a: Announcement,
): Promise<string> {
  const outcomes = await recipientOutcomes(db, a.id);
  const delivered = outcomes.filter((o) => o.status === "sent");
  const blocked = outcomes.filter((o) => o.status === "blocked");
  const failed = outcomes.filter((o) => o.status === "failed" || o.status === "cancelled");
  const parts = [
    t("announcements:report_title", { id: a.id, total: a.recipients }),
    t("announcements:report_delivered", { count: delivered.length }),
  ];
  if (blocked.length)
    parts.push(
      `${t("announcements:report_blocked", { count: blocked.length })}\n${await namesLine(db, t, lang, blocked, true)}`,
    );
  if (failed.length)
    parts.push(
      `${t("announcements:report_failed", { count: failed.length })}\n${await namesLine(db, t, lang, failed, true)}`,
    );
  return parts.join("\n\n");
}

/** The outbox renderers of announcements. */
export function announcementRenderers(translations: Translations): [string, Renderer][] {
  const tFor = (language: string | null | undefined) => {
    const lang = translations.resolveLanguage(language, undefined);
    return { lang, t: translations.forLanguage(lang) };
  };
  // An announcement's versions never change once sent: keep the few in flight in memory,
  // so a 10,000-recipient broadcast does not read them 10,000 times.
  const cache = new Map<string, { at: number; content: AnnouncementContent; ack: boolean }>();
  return [
    [
      RENDERER,
      async ({ db, person, params, now }) => {
        const id = Number(params.id);
        const { lang, t } = tFor(person?.language);
        const key = `${id}:${lang}`;
        let hit = cache.get(key);
        if (!hit || now - hit.at > 60_000 || now < hit.at) {
          const a = await getAnnouncement(db, id);
          if (!a) return null;
          hit = { at: now, content: await versionFor(db, a, lang), ack: !!a.ack_requested };
          if (cache.size > 100) cache.clear();
          cache.set(key, hit);
        }
        return announcementMessage(hit.content, t, hit.ack ? id : null, params.reminder === true);
      },
    ],
    [
      REPORT_RENDERER,
      async ({ db, person, params }) => {
        const a = await getAnnouncement(db, Number(params.id));
        if (!a) return null;
        const { lang, t } = tFor(person?.language);
        return { type: "text", parseMode: "HTML", text: await reportText(db, t, lang, a) };
      },
    ],
  ];
}
