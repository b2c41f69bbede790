/**
 * Announcements: the secretariat's broadcast, in one or more language versions, to an audience.
 * Sending queues one outbox row per recipient; acknowledgements are counted once per person.
 */

import type { MessageEntity } from "grammy/types";
import type { Kysely, Selectable } from "kysely";
import type { AnnouncementsTable } from "../db/schema/announcements.js";
import type { Database } from "../db/schema.js";
import { enqueue } from "../outbox/queue.js";
import { type Audience, resolveAudience, validateAudience } from "./audience.js";
import { audit } from "./audit.js";
import { DomainError } from "./errors.js";
import { isSecretariat, type Person } from "./people.js";

/** Telegram's limits for a message's text and for a caption. */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

export type AnnouncementContent =
  | { kind: "text"; text: string; entities?: MessageEntity[] }
  | { kind: "photo"; fileId: string; caption?: string; entities?: MessageEntity[] }
  | { kind: "document"; fileId: string; caption?: string; entities?: MessageEntity[] };

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

/** Records an acknowledgement once; only a person the announcement was sent to may give it. */
export async function acknowledge(
  db: Kysely<Database>,
  person: Person,
  announcementId: number,
  now: number,
): Promise<"recorded" | "already"> {
  return db.transaction().execute(async (trx) => {
    const announcement = await getAnnouncement(trx, announcementId);
    if (!announcement?.ack_requested) throw new DomainError("button_invalid");
    const received = await trx
      .selectFrom("outbox")
      .select("id")
      .where("person_id", "=", person.id)
      .where("kind", "=", OUTBOX_KIND)
      .where("source", "like", `${announcementSource(announcementId)}%`)
      .executeTakeFirst();
    if (!received) throw new DomainError("not_allowed");
    const result = await trx
      .insertInto("announcement_acks")
      .values({ announcement_id: announcementId, person_id: person.id, at: now })
      .onConflict((oc) => oc.columns(["announcement_id", "person_id"]).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return "already";
    await audit(trx, {
      at: now,
      actorId: person.id,
      action: "announcement.acknowledged",
      subject: announcementSource(announcementId),
    });
    return "recorded";
  });
}

export interface RecipientOutcome {
  personId: number;
  name: string;
  stateCode: string | null;
  orgCode: string | null;
  status: string;
  error: string | null;
  acknowledgedAt: number | null;
}

/** Each recipient's delivery (first sending) and acknowledgement. */
export async function recipientOutcomes(
  db: Kysely<Database>,
  announcementId: number,
): Promise<RecipientOutcome[]> {
  const rows = await db
    .selectFrom("outbox")
    .innerJoin("people", "people.id", "outbox.person_id")
    .leftJoin("announcement_acks", (j) =>
      j
        .onRef("announcement_acks.person_id", "=", "people.id")
        .on("announcement_acks.announcement_id", "=", announcementId),
    )
    .select([
      "people.id as personId",
      "people.name as name",
      "people.state_code as stateCode",
      "people.org_code as orgCode",
      "outbox.status as status",
      "outbox.last_error as error",
      "announcement_acks.at as acknowledgedAt",
    ])
    .where("outbox.source", "=", announcementSource(announcementId))
    .orderBy("people.state_code")
    .orderBy("people.name")
    .execute();
  return rows;
}

/** Announcements still going out (their progress message needs updating). */
export async function announcementsInFlight(db: Kysely<Database>): Promise<Announcement[]> {
  return db.selectFrom("announcements").selectAll().where("status", "=", "sending").execute();
}

/** Marks an announcement finished and queues the report to its author (once). */
export async function finishAnnouncement(
  db: Kysely<Database>,
  announcement: Announcement,
  now: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("announcements")
      .set({ status: "done", finished_at: now })
      .where("id", "=", announcement.id)
      .where("status", "=", "sending")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    const author = await trx
      .selectFrom("people")
      .selectAll()
      .where("id", "=", announcement.created_by)
      .executeTakeFirstOrThrow();
    await enqueue(
      trx,
      [
        {
          key: `${announcementSource(announcement.id)}:report`,
          kind: "announcement_report",
          source: `${announcementSource(announcement.id)}:report`,
          personId: author.id,
          chatId: announcement.progress_chat_id,
          content: { type: "render", renderer: REPORT_RENDERER, params: { id: announcement.id } },
          dueAt: now,
        },
      ],
      now,
    );
    return true;
  });
}

export async function setProgressMessage(db: Kysely<Database>, id: number, messageId: number): Promise<void> {
  await db
    .updateTable("announcements")
    .set({ progress_message_id: messageId })
    .where("id", "=", id)
    .execute();
}

/** The latest announcements, newest first. */
export async function recentAnnouncements(db: Kysely<Database>, limit = 10): Promise<Announcement[]> {
  return db.selectFrom("announcements").selectAll().orderBy("id", "desc").limit(limit).execute();
}

/** Queues the announcement again to recipients who have not acknowledged; returns how many. */
export async function resendToUnacknowledged(
  db: Kysely<Database>,
  actor: Person,
  announcementId: number,
  now: number,
): Promise<number> {
  if (!isSecretariat(actor)) throw new DomainError("not_allowed");
  return db.transaction().execute(async (trx) => {
    const announcement = await getAnnouncement(trx, announcementId);
    if (!announcement?.ack_requested) throw new DomainError("button_invalid");
    const pending = await trx
      .selectFrom("outbox")
      .innerJoin("people", "people.id", "outbox.person_id")
      .leftJoin("announcement_acks", (j) =>
        j
          .onRef("announcement_acks.person_id", "=", "people.id")
          .on("announcement_acks.announcement_id", "=", announcementId),
      )
      .select(["people.id", "people.telegram_id"])
      .where("outbox.source", "=", announcementSource(announcementId))
      .where("outbox.status", "=", "sent")
      .where("announcement_acks.at", "is", null)
      .where("people.deactivated_at", "is", null)
      .execute();
    const round = announcement.resends + 1;
    const source = `${announcementSource(announcementId)}:resend:${round}`;
    await enqueue(
      trx,
      pending.map((p) => ({
        key: `${source}:person:${p.id}`,
        kind: OUTBOX_KIND,
        source,
        personId: p.id,
        chatId: p.telegram_id,
        content: { type: "render", renderer: RENDERER, params: { id: announcementId, reminder: true } },
        dueAt: now,
      })),
      now,
    );
    await trx.updateTable("announcements").set({ resends: round }).where("id", "=", announcementId).execute();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "announcement.resent",
      subject: announcementSource(announcementId),
      details: { recipients: pending.length },
    });
    return pending.length;
  });
}
