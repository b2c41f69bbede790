import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.js";
import { DomainError } from "../../src/domain/errors.js";
import {
  checkInvitation,
  createInvitation,
  hashCode,
  isSlowedDown,
  MAX_FAILED_ATTEMPTS,
  recordFailedAttempt,
  redeemInvitation,
  revokeInvitation,
} from "../../src/domain/people/invitations.js";
import { testDatabase } from "../support/test-db.js";

const NOW = Date.parse("2026-11-24T10:00:00Z");
const DAY = 86_400_000;
let db: Db;

beforeEach(async () => {
  db = (await testDatabase()).db;
});
afterEach(async () => {
  await db.destroy();
});

function newcomer(telegramId: number) {
  return { telegramId, name: `Person ${telegramId}`, telegramUsername: null, language: "en", timeZone: null };
}

async function secretariat() {
  const { code } = await createInvitation(db, {
    role: "secretariat",
    stateCode: null,
    orgCode: null,
    createdBy: null,
    ttlDays: 7,
    now: NOW,
  });
  return redeemInvitation(db, code, newcomer(1), NOW);
}

describe("invitations", () => {
  it("codes carry at least 128 random bits and only their hash is stored", async () => {
    const { code } = await createInvitation(db, {
      role: "secretariat",
      stateCode: null,
      orgCode: null,
      createdBy: null,
      ttlDays: 7,
      now: NOW,
    });
    expect(Buffer.from(code, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    const rows = await db.selectFrom("invitations").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(rows[0]?.code_hash).toBe(hashCode(code));
  });

  it("a code lets one person in once, with the invitation's role and state", async () => {
    const admin = await secretariat();
    const { code } = await createInvitation(db, {
      role: "coordinator",
      stateCode: "KZ",
      orgCode: null,
      createdBy: admin,
      ttlDays: 7,
      now: NOW,
    });
    const person = await redeemInvitation(db, code, newcomer(2), NOW + 1000);
    expect(person).toMatchObject({ role: "coordinator", state_code: "KZ", telegram_id: 2 });
    await expect(redeemInvitation(db, code, newcomer(3), NOW + 2000)).rejects.toMatchObject({
      key: "invitation_used",
    });
    expect(
      await db.selectFrom("people").select("telegram_id").where("telegram_id", "=", 3).executeTakeFirst(),
    ).toBeUndefined();
  });

  it("two people redeeming the same code at once: exactly one gets in", async () => {
    const { code } = await createInvitation(db, {
      role: "observer",
      stateCode: null,
      orgCode: "IOM",
      createdBy: null,
      ttlDays: 7,
      now: NOW,
    });
    const results = await Promise.allSettled([
      redeemInvitation(db, code, newcomer(5), NOW),
      redeemInvitation(db, code, newcomer(6), NOW),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const count = await db
      .selectFrom("people")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("expired, revoked and unknown codes are refused with their own reason", async () => {
    const admin = await secretariat();
    const expired = await createInvitation(db, {
      role: "coordinator",
      stateCode: "KG",
      orgCode: null,
      createdBy: admin,
      ttlDays: 1,
      now: NOW,
    });
    const revoked = await createInvitation(db, {
      role: "coordinator",
      stateCode: "TJ",
      orgCode: null,
      createdBy: admin,
      ttlDays: 7,
      now: NOW,
    });
    await revokeInvitation(db, admin, revoked.invitation.id, NOW + 10);
    expect(await checkInvitation(db, expired.code, NOW + DAY + 1)).toMatchObject({
      ok: false,
      reason: "invitation_expired",
    });
    expect(await checkInvitation(db, expired.code, NOW + DAY - 1)).toMatchObject({ ok: true });
    expect(await checkInvitation(db, revoked.code, NOW + 20)).toMatchObject({
      ok: false,
      reason: "invitation_revoked",
    });
    expect(await checkInvitation(db, "AAAAAAAAAAAAAAAAAAAAAAAA", NOW)).toMatchObject({
      ok: false,
      reason: "invitation_unknown",
    });
    expect(await checkInvitation(db, "'; drop table people; --", NOW)).toMatchObject({
      ok: false,
      reason: "invitation_unknown",
    });
  });

  it("only the secretariat creates or revokes invitations", async () => {
    const admin = await secretariat();
    const { code } = await createInvitation(db, {
      role: "coordinator",
      stateCode: "KZ",
      orgCode: null,
      createdBy: admin,
      ttlDays: 7,
      now: NOW,
    });
    const coordinator = await redeemInvitation(db, code, newcomer(9), NOW);
    await expect(
      createInvitation(db, {
        role: "secretariat",
        stateCode: null,
        orgCode: null,
        createdBy: coordinator,
        ttlDays: 7,
        now: NOW,
      }),
    ).rejects.toBeInstanceOf(DomainError);
    const pending = await createInvitation(db, {
      role: "alternate",
      stateCode: "KZ",
      orgCode: null,
      createdBy: admin,
      ttlDays: 7,
      now: NOW,
    });
    await expect(revokeInvitation(db, coordinator, pending.invitation.id, NOW)).rejects.toMatchObject({
      key: "not_allowed",
    });
    expect(await checkInvitation(db, pending.code, NOW)).toMatchObject({ ok: true });
  });

  it("a role must fit its affiliation", async () => {
    await expect(
      createInvitation(db, {
        role: "coordinator",
        stateCode: null,
        orgCode: "UNHCR",
        createdBy: null,
        ttlDays: 7,
        now: NOW,
      }),
    ).rejects.toMatchObject({ key: "affiliation_mismatch" });
    await expect(
      createInvitation(db, {
        role: "secretariat",
        stateCode: "KZ",
        orgCode: null,
        createdBy: null,
        ttlDays: 7,
        now: NOW,
      }),
    ).rejects.toMatchObject({ key: "affiliation_mismatch" });
  });

  it("a sender who tries too many wrong codes is slowed down, and recovers after the window", async () => {
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await recordFailedAttempt(db, 77, NOW + i);
    expect(await isSlowedDown(db, 77, NOW + 10)).toBe(false);
    await recordFailedAttempt(db, 77, NOW + 11);
    expect(await isSlowedDown(db, 77, NOW + 12)).toBe(true);
    expect(await isSlowedDown(db, 78, NOW + 12)).toBe(false);
    expect(await isSlowedDown(db, 77, NOW + 16 * 60_000)).toBe(false);
  });

  it("every invitation and join is in the audit log", async () => {
    const admin = await secretariat();
    const { code } = await createInvitation(db, {
      role: "coordinator",
      stateCode: "TM",
      orgCode: null,
      createdBy: admin,
      ttlDays: 7,
      now: NOW,
    });
    await redeemInvitation(db, code, newcomer(12), NOW);
    const actions = (await db.selectFrom("audit_log").select("action").orderBy("id").execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(["invitation.created", "person.joined", "invitation.created", "person.joined"]);
  });
});
