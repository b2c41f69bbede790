import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.js";
import { resolveAudience } from "../../src/domain/announcements/audience.js";
import { createInvitation, redeemInvitation } from "../../src/domain/people/invitations.js";
import { type Person, setDeactivated } from "../../src/domain/people/people.js";
import { testDatabase } from "../support/test-db.js";

const NOW = Date.parse("2026-11-24T10:00:00Z");
let db: Db;
let next = 1;

beforeEach(async () => {
  db = (await testDatabase()).db;
});
afterEach(async () => {
  await db.destroy();
});

async function join(
  role: Person["role"],
  state: string | null = null,
  org: string | null = null,
): Promise<Person> {
  const { code } = await createInvitation(db, {
    role,
    stateCode: state,
    orgCode: org,
    createdBy: null,
    ttlDays: 7,
    now: NOW,
  });
  const id = next++;
  return redeemInvitation(
    db,
    code,
    { telegramId: id, name: `P${id}`, telegramUsername: null, language: "en", timeZone: null },
    NOW,
  );
}

describe("announcement audiences", () => {
  it("member states means coordinators and alternates of member states only; the author and deactivated people never count", async () => {
    const author = await join("secretariat");
    const other = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const kgAlt = await join("alternate", "KG");
    const uz = await join("coordinator", "UZ");
    const unhcr = await join("observer", null, "UNHCR");
    const gone = await join("coordinator", "TJ");
    await setDeactivated(db, author, gone.id, true, NOW);

    const ids = async (audience: Parameters<typeof resolveAudience>[1]) =>
      (await resolveAudience(db, audience, author.id)).map((p) => p.id);
    expect(await ids({ kind: "members" })).toEqual([kz.id, kgAlt.id]);
    expect(await ids({ kind: "everyone" })).toEqual([other.id, kz.id, kgAlt.id, uz.id, unhcr.id]);
    expect(await ids({ kind: "states", states: ["UZ", "KG"] })).toEqual([kgAlt.id, uz.id]);
    expect(await ids({ kind: "roles", roles: ["observer", "secretariat"] })).toEqual([other.id, unhcr.id]);
  });
});
