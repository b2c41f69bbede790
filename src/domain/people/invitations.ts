/**
 * Invitations: the only way in. Single-use codes with at least 128 random bits, stored hashed,
 * expiring, revocable; redeemed in one transaction that creates the person.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { InvitationsTable } from "../../db/schema/people.js";
import type { Database } from "../../db/schema.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { type Affiliation, assertAnotherSecretariat, type Person, validateAffiliation } from "./people.js";

export type Invitation = Selectable<InvitationsTable>;

const DAY = 86_400_000;
/** Failed codes a sender may try in the window before being slowed down. */
export const MAX_FAILED_ATTEMPTS = 5;
export const FAILED_ATTEMPT_WINDOW_MS = 15 * 60_000;

/** 18 random bytes = 144 bits, 24 characters of base64url: fits Telegram's start parameter. */
export function newInvitationCode(): string {
  return randomBytes(18).toString("base64url");
}

export function hashCode(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex");
}

/** Shape of a code as Telegram passes it; anything else is not worth a lookup. */
export function looksLikeCode(code: string): boolean {
  return /^[A-Za-z0-9_-]{16,64}$/.test(code);
}

/** How a code may be written in logs: never whole. */
export function redactCode(code: string): string {
  return `${code.slice(0, 4)}…`;
}

export function deepLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}

export interface CreatedInvitation {
  code: string;
  invitation: Invitation;
}

/** Creates an invitation; `createdBy` is null when the operator's CLI makes it. */
export async function createInvitation(
  db: Kysely<Database>,
  input: Affiliation & { createdBy: Person | null; ttlDays: number; now: number },
): Promise<CreatedInvitation> {
  if (input.createdBy && input.createdBy.role !== "secretariat") throw new DomainError("not_allowed");
  validateAffiliation(input);
  const code = newInvitationCode();
  const invitation = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("invitations")
      .values({
        code_hash: hashCode(code),
        code_hint: code.slice(0, 4),
        role: input.role,
        state_code: input.stateCode,
        org_code: input.orgCode,
        created_by: input.createdBy?.id ?? null,
        created_at: input.now,
        expires_at: input.now + input.ttlDays * DAY,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      at: input.now,
      actorId: input.createdBy?.id ?? null,
      action: "invitation.created",
      subject: `invitation:${row.id}`,
      details: { role: input.role, state: input.stateCode, org: input.orgCode, expiresAt: row.expires_at },
    });
    return row;
  });
  return { code, invitation };
}

/** Why a code does not open the door; each has its own message. */
export type InvitationRefusal =
  | "invitation_unknown"
  | "invitation_used"
  | "invitation_expired"
  | "invitation_revoked";

/** Looks a code up without using it: the invitation, or why it is refused. */
export async function checkInvitation(
  db: Kysely<Database>,
  code: string,
  now: number,
): Promise<
  { ok: true; invitation: Invitation } | { ok: false; reason: InvitationRefusal; usedBy?: number | null }
> {
  if (!looksLikeCode(code)) return { ok: false, reason: "invitation_unknown" };
  const invitation = await db
    .selectFrom("invitations")
    .selectAll()
    .where("code_hash", "=", hashCode(code))
    .executeTakeFirst();
  const reason = refusalFor(invitation, now);
  if (reason || !invitation)
    return { ok: false, reason: reason ?? "invitation_unknown", usedBy: invitation?.used_by };
  return { ok: true, invitation };
}

function refusalFor(invitation: Invitation | undefined, now: number): InvitationRefusal | undefined {
  if (!invitation) return "invitation_unknown";
  if (invitation.revoked_at !== null) return "invitation_revoked";
  if (invitation.used_at !== null) return "invitation_used";
  if (invitation.expires_at <= now) return "invitation_expired";
  return undefined;
}

export interface NewcomerDetails {
  telegramId: number;
  name: string;
  telegramUsername: string | null;
  language: string;
  timeZone: string | null;
}

/**
 * Uses the code and lets the person in, atomically: a code is used once even if two people
 * press at once. A returning (e.g. deactivated) person is updated rather than duplicated.
 */
export async function redeemInvitation(
  db: Kysely<Database>,
  code: string,
  details: NewcomerDetails,
  now: number,
): Promise<Person> {
  return db.transaction().execute(async (trx) => {
    const invitation = await trx
      .selectFrom("invitations")
      .selectAll()
      .where("code_hash", "=", hashCode(code))
      .executeTakeFirst();
    const reason = refusalFor(invitation, now);
    if (reason || !invitation) throw new DomainError(reason ?? "invitation_unknown");
    const existing = await trx
      .selectFrom("people")
      .selectAll()
      .where("telegram_id", "=", details.telegramId)
      .executeTakeFirst();
    // The last active secretariat member cannot stop being secretariat by opening another invitation.
    if (
      existing &&
      existing.deactivated_at === null &&
      existing.role === "secretariat" &&
      invitation.role !== "secretariat"
    )
      await assertAnotherSecretariat(trx, existing.id);
    const values = {
      name: details.name,
      telegram_username: details.telegramUsername,
      role: invitation.role,
      state_code: invitation.state_code,
      org_code: invitation.org_code,
      language: details.language,
      time_zone: details.timeZone,
      last_seen_at: now,
      deactivated_at: null,
      bot_blocked_at: null,
    };
    const person = existing
      ? await trx
          .updateTable("people")
          .set(values)
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto("people")
          .values({ ...values, telegram_id: details.telegramId, joined_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
    const used = await trx
      .updateTable("invitations")
      .set({ used_at: now, used_by: person.id })
      .where("id", "=", invitation.id)
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new DomainError("invitation_used");
    await audit(trx, {
      at: now,
      actorId: person.id,
      action: existing ? "person.rejoined" : "person.joined",
      subject: `person:${person.id}`,
      details: {
        invitation: invitation.id,
        role: invitation.role,
        state: invitation.state_code,
        org: invitation.org_code,
      },
    });
    return person;
  });
}

/** Pending (unused, unrevoked, unexpired) invitations, newest first. */
export async function listPendingInvitations(db: Kysely<Database>, now: number): Promise<Invitation[]> {
  return db
    .selectFrom("invitations")
    .selectAll()
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("id", "desc")
    .execute();
}

/** The secretariat withdraws an invitation before it is used; audited. */
export async function revokeInvitation(
  db: Kysely<Database>,
  actor: Person,
  invitationId: number,
  now: number,
): Promise<void> {
  if (actor.role !== "secretariat") throw new DomainError("not_allowed");
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("invitations")
      .set({ revoked_at: now, revoked_by: actor.id })
      .where("id", "=", invitationId)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new DomainError("invitation_not_pending");
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "invitation.revoked",
      subject: `invitation:${invitationId}`,
    });
  });
}

/** Records a wrong code and tells whether the sender has now tried too often. */
export async function recordFailedAttempt(
  db: Kysely<Database>,
  telegramId: number,
  now: number,
): Promise<void> {
  await db.insertInto("failed_invitation_attempts").values({ telegram_id: telegramId, at: now }).execute();
  await db
    .deleteFrom("failed_invitation_attempts")
    .where("at", "<", now - FAILED_ATTEMPT_WINDOW_MS)
    .execute();
}

/** True while a sender has used up their tries; codes are then not even looked at. */
export async function isSlowedDown(db: Kysely<Database>, telegramId: number, now: number): Promise<boolean> {
  const row = await db
    .selectFrom("failed_invitation_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("telegram_id", "=", telegramId)
    .where("at", ">", now - FAILED_ATTEMPT_WINDOW_MS)
    .executeTakeFirstOrThrow();
  return Number(row.n) >= MAX_FAILED_ATTEMPTS;
}
