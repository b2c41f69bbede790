import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.js";
import { createInvitation, redeemInvitation } from "../../src/domain/people/invitations.js";
import { changeRole, setDeactivated, setTimeZone } from "../../src/domain/people/people.js";
import { canonicalTimeZone } from "../../src/domain/people/time-zones.js";
import { testDatabase } from "../support/test-db.js";

const NOW = Date.parse("2026-11-24T10:00:00Z");
let db: Db;

beforeEach(async () => {
  db = (await testDatabase()).db;
});
afterEach(async () => {
  await db.destroy();
});

async function join(
  role: "secretariat" | "coordinator",
  telegramId: number,
  stateCode: string | null = null,
) {
  const { code } = await createInvitation(db, {
    role,
    stateCode,
    orgCode: null,
    createdBy: null,
    ttlDays: 7,
    now: NOW,
  });
  return redeemInvitation(
    db,
    code,
    { telegramId, name: `P${telegramId}`, telegramUsername: null, language: "ru", timeZone: null },
    NOW,
  );
}

describe("people", () => {
  it("the secretariat changes a coordinator's state; the change is audited with before and after", async () => {
    const admin = await join("secretariat", 1);
    const coordinator = await join("coordinator", 2, "KZ");
    const changed = await changeRole(
      db,
      admin,
      coordinator.id,
      { role: "alternate", stateCode: "KG", orgCode: null },
      NOW + 5,
    );
    expect(changed).toMatchObject({ role: "alternate", state_code: "KG" });
    const entry = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "person.role")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details)).toEqual({
      from: { role: "coordinator", state: "KZ", org: null },
      to: { role: "alternate", state: "KG", org: null },
    });
  });

  it("a coordinator cannot change roles", async () => {
    await join("secretariat", 1);
    const coordinator = await join("coordinator", 2, "KZ");
    await expect(
      changeRole(
        db,
        coordinator,
        coordinator.id,
        { role: "secretariat", stateCode: null, orgCode: null },
        NOW,
      ),
    ).rejects.toMatchObject({
      key: "not_allowed",
    });
  });

  it("the last active secretariat member cannot be demoted or deactivated", async () => {
    const admin = await join("secretariat", 1);
    const other = await join("secretariat", 3);
    await expect(
      changeRole(db, other, admin.id, { role: "observer", stateCode: "RU", orgCode: null }, NOW),
    ).resolves.toMatchObject({ role: "observer" });
    await expect(
      changeRole(db, other, other.id, { role: "observer", stateCode: "RU", orgCode: null }, NOW),
    ).rejects.toMatchObject({
      key: "last_secretariat",
    });
    await expect(setDeactivated(db, other, other.id, true, NOW)).rejects.toMatchObject({
      key: "cannot_deactivate_self",
    });
  });

  it("time zones: IANA names are accepted and normalised, anything else refused", async () => {
    expect(canonicalTimeZone("asia/bishkek")).toBe("Asia/Bishkek");
    expect(canonicalTimeZone("Europe/Vienna")).toBe("Europe/Vienna");
    expect(canonicalTimeZone("Mars/Olympus")).toBeUndefined();
    expect(canonicalTimeZone("<script>")).toBeUndefined();
    const person = await join("coordinator", 4, "TJ");
    await expect(setTimeZone(db, person.id, "Nowhere/City", NOW)).rejects.toMatchObject({
      key: "invalid_time_zone",
    });
  });
});
