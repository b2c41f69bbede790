/**
 * Announcements: the secretariat's broadcast, in one or more language versions, to an audience.
 * Sending queues one outbox row per recipient; delivery.ts follows what became of them.
 */
import type { Kysely, Selectable } from "kysely";
import type { AnnouncementsTable } from "../../db/schema/announcements.js";
import type { Database } from "../../db/schema.js";
import { enqueue } from "../../outbox/queue.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { isSecretariat, type Person } from "../people/people.js";
import { type Audience, resolveAudience, validateAudience } from "./audience.js";

/** Telegram's limits for a message's text and for a caption. */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/**
 * A span of formatting in the text (bold, a link, …), kept exactly as the secretariat's message
 * carried it, so that every copy shows the same formatting.
 */
export interface FormattingSpan {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export type AnnouncementContent =
  | { kind: "text"; text: string; entities?: FormattingSpan[] }
  | { kind: "photo"; fileId: string; caption?: string; entities?: FormattingSpan[] }
  | { kind: "document"; fileId: string; caption?: string; entities?: FormattingSpan[] };

export type Announcement = Selectable<AnnouncementsTable>;

export const OUTBOX_KIND = "announcement";
export const RENDERER = "announcement";
export const REPORT_RENDERER = "announcement_report";

export function announcementSource(id: number): string {
  return `announcement:${id}`;
}

/** Why a content cannot be sent, or undefined when it can. */
export function contentProblem(
  content: AnnouncementContent,
): { key: string; params?: Record<string, number> } | undefined {
  if (content.kind === "text") {
    if (!content.text.trim()) return { key: "empty" };
    if (content.text.length > TEXT_LIMIT)
      return { key: "text_too_long", params: { max: TEXT_LIMIT, length: content.text.length } };
  } else if ((content.caption ?? "").length > CAPTION_LIMIT) {
    return {
      key: "caption_too_long",
      params: { max: CAPTION_LIMIT, length: (content.caption ?? "").length },
    };
  }
  return undefined;
}

export interface AnnouncementDraft {
  versions: Record<string, AnnouncementContent>;
  defaultLang: string;
  audience: Audience;
  ackRequested: boolean;
}

/** Counts the recipients a draft would reach now. */
export async function countRecipients(
  db: Kysely<Database>,
  audience: Audience,
  author: Person,
): Promise<number> {
  return (await resolveAudience(db, validateAudience(audience), author.id)).length;
}

/**
 * Creates the announcement and queues one message per recipient, in one transaction.
 * `progressMessageId` is the secretariat's progress message, edited as delivery goes on.
 */
export async function sendAnnouncement(
  db: Kysely<Database>,
  author: Person,
  draft: AnnouncementDraft,
  progress: { chatId: number; messageId: number | null },
  now: number,
): Promise<{ announcement: Announcement; recipients: number }> {
  if (!isSecretariat(author)) throw new DomainError("not_allowed");
  const audience = validateAudience(draft.audience);
  const versions = Object.entries(draft.versions);
  if (!versions.length || !draft.versions[draft.defaultLang]) throw new DomainError("announcement_empty");
  for (const [, content] of versions)
    if (contentProblem(content)) throw new DomainError("announcement_invalid");
  return db.transaction().execute(async (trx) => {
    const recipients = await resolveAudience(trx, audience, author.id);
    if (!recipients.length) throw new DomainError("audience_empty");
    const announcement = await trx
      .insertInto("announcements")
      .values({
        created_by: author.id,
        created_at: now,
        status: "sending",
        audience: JSON.stringify(audience),
        ack_requested: draft.ackRequested ? 1 : 0,
        default_lang: draft.defaultLang,
        recipients: recipients.length,
        progress_chat_id: progress.chatId,
        progress_message_id: progress.messageId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("announcement_versions")
      .values(
        versions.map(([lang, content]) => ({
          announcement_id: announcement.id,
          lang,
          content: JSON.stringify(content),
        })),
      )
      .execute();
    const source = announcementSource(announcement.id);
    await enqueue(
      trx,
      recipients.map((p) => ({
        key: `${source}:person:${p.id}`,
        kind: OUTBOX_KIND,
        source,
        personId: p.id,
        chatId: p.telegram_id,
        content: { type: "render", renderer: RENDERER, params: { id: announcement.id } },
        dueAt: now,
      })),
      now,
    );
    await audit(trx, {
      at: now,
      actorId: author.id,
      action: "announcement.sent",
      subject: source,
      details: {
        audience,
        recipients: recipients.length,
        languages: versions.map(([l]) => l),
        ack: draft.ackRequested,
      },
    });
    return { announcement, recipients: recipients.length };
  });
}

export async function getAnnouncement(db: Kysely<Database>, id: number): Promise<Announcement | undefined> {
  return db.selectFrom("announcements").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The version for a language, else the default one. */
export async function versionFor(
  db: Kysely<Database>,
  announcement: Announcement,
  lang: string,
): Promise<AnnouncementContent> {
  const rows = await db
    .selectFrom("announcement_versions")
    .selectAll()
    .where("announcement_id", "=", announcement.id)
    .execute();
  const row =
    rows.find((r) => r.lang === lang) ?? rows.find((r) => r.lang === announcement.default_lang) ?? rows[0];
  if (!row) throw new Error(`announcement ${announcement.id} has no version`);
  return JSON.parse(row.content) as AnnouncementContent;
}

/** The progress message in the author's chat, and the text it shows now. */
export async function setProgressMessage(
  db: Kysely<Database>,
  id: number,
  messageId: number,
  text: string,
): Promise<void> {
  await db
    .updateTable("announcements")
    .set({ progress_message_id: messageId, progress_text: text })
    .where("id", "=", id)
    .execute();
}

/** Records what the progress message shows after an edit. */
export async function setProgressText(db: Kysely<Database>, id: number, text: string): Promise<void> {
  await db.updateTable("announcements").set({ progress_text: text }).where("id", "=", id).execute();
}

/** The latest announcements, newest first. */
export async function recentAnnouncements(db: Kysely<Database>, limit = 10): Promise<Announcement[]> {
  return db.selectFrom("announcements").selectAll().orderBy("id", "desc").limit(limit).execute();
}
