/**
 * What became of an announcement: delivery per recipient and in figures, acknowledgements (counted
 * once per person), the end of sending with its report to the author, and re-sending to those who
 * have not acknowledged.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { countsBySource, enqueue, type StatusCounts } from "../../outbox/queue.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { isSecretariat, type Person } from "../people/people.js";
import {
  type Announcement,
  announcementSource,
  getAnnouncement,
  OUTBOX_KIND,
  RENDERER,
  REPORT_RENDERER,
} from "./announcements.js";

/** How many of an announcement's messages are pending, sending, sent, blocked, failed, cancelled. */
export type DeliveryCounts = StatusCounts;

/** The delivery of an announcement's first sending, in figures. */
export function deliveryCounts(db: Kysely<Database>, announcementId: number): Promise<DeliveryCounts> {
  return countsBySource(db, announcementSource(announcementId));
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

/**
 * Queues the announcement again to recipients who have not acknowledged; returns how many.
 * `confirmed` is the re-send the person confirmed (re-sends so far plus one, when they were asked):
 * once that re-send is made, the same confirmation (a double tap) queues nothing.
 */
export async function resendToUnacknowledged(
  db: Kysely<Database>,
  actor: Person,
  announcementId: number,
  now: number,
  confirmed?: number,
): Promise<number> {
  if (!isSecretariat(actor)) throw new DomainError("not_allowed");
  return db.transaction().execute(async (trx) => {
    const announcement = await getAnnouncement(trx, announcementId);
    if (!announcement?.ack_requested) throw new DomainError("button_invalid");
    if (confirmed !== undefined && confirmed !== announcement.resends + 1)
      throw new DomainError(
        confirmed <= announcement.resends ? "announcement_resent_already" : "button_invalid",
      );
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
