import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { down, up } from "../../migrations/0001_reference_data.js";
import type { Database } from "../../src/db/schema.js";
import { getOrganisation, getState, listOrganisations, listStates } from "../../src/domain/reference.js";

const LANGS = ["ru", "en", "kk", "ky", "tg", "tk", "uz"] as const;

let db: Kysely<Database>;

beforeEach(async () => {
  const sqlite = new SQLite(":memory:");
  sqlite.pragma("foreign_keys = ON");
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await up(db);
});

afterEach(async () => {
  await db.destroy();
});

describe("migration 0001_reference_data", () => {
  it("gives every state and organisation a non-empty name in all seven languages", async () => {
    const stateNames = await db.selectFrom("state_names").selectAll().execute();
    const states = await db.selectFrom("states").select("code").execute();
    expect(states).toHaveLength(11);
    for (const { code } of states) {
      const langs = stateNames
        .filter((n) => n.state_code === code && n.name.trim() !== "")
        .map((n) => n.lang);
      expect(langs.sort(), code).toEqual([...LANGS].sort());
    }

    const orgNames = await db.selectFrom("organisation_names").selectAll().execute();
    const orgs = await db.selectFrom("organisations").select("code").orderBy("sort_order").execute();
    expect(orgs.map((o) => o.code)).toEqual(["UNHCR", "IOM"]);
    for (const { code } of orgs) {
      const langs = orgNames.filter((n) => n.org_code === code && n.name.trim() !== "").map((n) => n.lang);
      expect(langs.sort(), code).toEqual([...LANGS].sort());
    }
  });

  it("uses valid IANA time zones and the right script per language", async () => {
    for (const state of await listStates(db, "en")) {
      expect(() => new Intl.DateTimeFormat("en", { timeZone: state.timeZone }), state.code).not.toThrow();
    }
    const names = await db.selectFrom("state_names").selectAll().execute();
    for (const { lang, name, state_code } of names) {
      const cyrillic = /\p{Script=Cyrillic}/u.test(name);
      const latin = /\p{Script=Latin}/u.test(name);
      const expectCyrillic = ["ru", "kk", "ky", "tg"].includes(lang);
      expect({ state_code, lang, cyrillic, latin }).toEqual({
        state_code,
        lang,
        cyrillic: expectCyrillic,
        latin: !expectCyrillic,
      });
    }
  });

  it("enforces the status check and the foreign keys", async () => {
    await expect(
      db
        .insertInto("states")
        // @ts-expect-error: 'observer' is not a StateStatus
        .values({ code: "XX", status: "observer", time_zone: "UTC", sort_order: 99 })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await expect(
      db.insertInto("state_names").values({ state_code: "XX", lang: "en", name: "Nowhere" }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it("can be rolled back", async () => {
    await down(db);
    const tables = await db.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain("states");
  });
});

describe("listStates", () => {
  it("lists all states in the order of the founding text", async () => {
    const states = await listStates(db, "en");
    expect(states.map((s) => s.code)).toEqual([
      "KZ",
      "KG",
      "TJ",
      "TM",
      "UZ",
      "AF",
      "IR",
      "RU",
      "TR",
      "AZ",
      "CN",
    ]);
    expect(states[0]).toEqual({ code: "KZ", status: "member", timeZone: "Asia/Almaty", name: "Kazakhstan" });
  });

  it("filters by status", async () => {
    expect((await listStates(db, "ru", { status: "member" })).map((s) => s.name)).toEqual([
      "Казахстан",
      "Кыргызстан",
      "Таджикистан",
      "Туркменистан",
    ]);
    expect(await listStates(db, "en", { status: "prospective" })).toEqual([
      { code: "UZ", status: "prospective", timeZone: "Asia/Tashkent", name: "Uzbekistan" },
    ]);
    const participants = await listStates(db, "en", { status: "participant" });
    expect(participants.map((s) => s.code)).toEqual(["AF", "IR", "RU", "TR", "AZ", "CN"]);
    expect(participants.every((s) => s.status === "participant")).toBe(true);
  });

  it("names states in the requested language, ignoring a region subtag", async () => {
    expect((await listStates(db, "kk", { status: "member" }))[0]?.name).toBe("Қазақстан");
    expect((await listStates(db, "uz-Latn-UZ", { status: "prospective" }))[0]?.name).toBe("Oʻzbekiston");
    expect((await getState(db, "TR", "EN"))?.name).toBe("Türkiye");
    expect((await getState(db, "TR", "tk"))?.name).toBe("Türkiýe");
  });

  it("falls back to English, then Russian, then the code", async () => {
    expect((await getState(db, "KZ", "fr"))?.name).toBe("Kazakhstan");
  });

  it("names a state missing its own and English names in Russian, and one with no names by its code", async () => {
    await db
      .deleteFrom("state_names")
      .where("state_code", "=", "KG")
      .where("lang", "in", ["ky", "en"])
      .execute();
    await db.deleteFrom("state_names").where("state_code", "=", "TJ").execute();
    expect((await getState(db, "KG", "ky"))?.name).toBe("Кыргызстан");
    expect((await getState(db, "TJ", "ky"))?.name).toBe("TJ");
    expect((await listStates(db, "ky", { status: "member" })).map((s) => s.name)).toEqual([
      "Казакстан",
      "Кыргызстан",
      "TJ",
      "Түркмөнстан",
    ]);
  });

  it("is read once: reference data changes only by migration", async () => {
    expect((await getState(db, "KZ", "en"))?.name).toBe("Kazakhstan");
    await db.updateTable("state_names").set({ name: "Changed" }).where("state_code", "=", "KZ").execute();
    expect((await getState(db, "KZ", "en"))?.name).toBe("Kazakhstan");
  });
});

describe("getState", () => {
  it("finds a state by code, case-insensitively", async () => {
    expect(await getState(db, "ru", "en")).toEqual({
      code: "RU",
      status: "participant",
      timeZone: "Europe/Moscow",
      name: "Russian Federation",
    });
  });

  it("returns undefined for an unknown code", async () => {
    expect(await getState(db, "FR", "en")).toBeUndefined();
  });
});

describe("organisations", () => {
  it("lists the partner organisations with names in the requested language", async () => {
    expect(await listOrganisations(db, "ru")).toEqual([
      { code: "UNHCR", name: "УВКБ ООН" },
      { code: "IOM", name: "МОМ" },
    ]);
    expect(await listOrganisations(db, "en")).toEqual([
      { code: "UNHCR", name: "UNHCR" },
      { code: "IOM", name: "IOM" },
    ]);
  });

  it("finds one organisation, with the same fallback chain", async () => {
    await db
      .deleteFrom("organisation_names")
      .where("lang", "=", "en")
      .where("org_code", "=", "UNHCR")
      .execute();
    expect(await getOrganisation(db, "iom", "kk")).toEqual({ code: "IOM", name: "ХКҰ" });
    expect(await getOrganisation(db, "IOM", "de")).toEqual({ code: "IOM", name: "IOM" });
    expect(await getOrganisation(db, "UNHCR", "de")).toEqual({ code: "UNHCR", name: "УВКБ ООН" });
    expect(await getOrganisation(db, "WHO", "en")).toBeUndefined();
  });
});
