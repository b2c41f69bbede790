/**
 * What lets the bot keep read-mostly rows in memory: every write through the connection is noticed
 * (per table, or per row for a person's own settings), a commit by another connection (the
 * operator's CLI) is noticed, a transaction's own reads never come from the cache, and the
 * update-id record acts once per id even when many arrive together (they are written in one
 * transaction).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { firstDelivery } from "../../src/db/processed-updates.js";
import {
  readThrough,
  rowScopedWrite,
  statementWrites,
  tableVersionsOf,
} from "../../src/db/table-versions.js";
import {
  cachedPersonByTelegramId,
  findPersonByTelegramId,
  NOT_CACHED,
  setLanguage,
  setTimeZone,
  touchPerson,
} from "../../src/domain/people.js";
import { seedPeople } from "../support/seed-people.js";

let dir: string;
let path: string;
let opened: OpenedDatabase;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "apcache-"));
  path = join(dir, "bot.sqlite");
  opened = openDatabase(path);
  await migrateToLatest(opened.db);
  seedPeople(path, [
    { telegramId: 42, name: "Aigerim", role: "coordinator", state: "KZ", language: "ru" },
    { telegramId: 43, name: "Bakyt", role: "coordinator", state: "KG", language: "en" },
  ]);
});
afterEach(async () => {
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("read caches", () => {
  it("classifies statements by the table they write", () => {
    expect(statementWrites('select * from "people" where "id" = ?')).toBeNull();
    expect(statementWrites("begin immediate")).toBeNull();
    expect(statementWrites('update "people" set "language" = ? where "id" = ?')).toBe("people");
    expect(statementWrites('insert into "audit_log" ("at") values (?)')).toBe("audit_log");
    expect(statementWrites("INSERT OR IGNORE INTO people (x) VALUES (1)")).toBe("people");
    expect(statementWrites('delete from "conversation_states" where "key" = ?')).toBe("conversation_states");
    expect(statementWrites("alter table people add column x text")).toBe("*");
    expect(statementWrites("with x as (select 1) insert into people select * from x")).toBe("*");
  });

  it("knows the one-row updates of a person's own settings, and nothing else, as row-scoped", () => {
    expect(rowScopedWrite('update "people" set "language" = ? where "id" = ?')).toEqual({
      table: "people",
      columns: ["language"],
    });
    expect(
      rowScopedWrite('update "people" set "last_seen_at" = ?, "bot_blocked_at" = ? where "id" = ?'),
    ).toEqual({ table: "people", columns: ["last_seen_at", "bot_blocked_at"] });
    // Another column, another key, another table, another shape: the whole table is marked.
    expect(rowScopedWrite('update "people" set "role" = ? where "id" = ?')).toBeNull();
    expect(rowScopedWrite('update "people" set "language" = ?, "telegram_id" = ? where "id" = ?')).toBeNull();
    expect(rowScopedWrite('update "people" set "language" = ? where "telegram_id" = ?')).toBeNull();
    expect(rowScopedWrite('update "people" set "language" = ? where "id" = ? and "role" = ?')).toBeNull();
    expect(rowScopedWrite('update "people" set "language" = ? where "id" in (?, ?)')).toBeNull();
    expect(rowScopedWrite('update "invitations" set "language" = ? where "id" = ?')).toBeNull();
    expect(rowScopedWrite('delete from "people" where "id" = ?')).toBeNull();
  });

  it("a person's own change leaves everyone else's cached copy; any other change drops them all", async () => {
    const { db } = opened;
    const a = await findPersonByTelegramId(db, 42);
    const b = await findPersonByTelegramId(db, 43);
    if (!a || !b) throw new Error("seeded people missing");

    await setLanguage(db, a.id, "kk", Date.now());
    await setTimeZone(db, a.id, "Asia/Almaty", Date.now());
    await touchPerson(db, a, Date.now());
    expect(await findPersonByTelegramId(db, 43)).toBe(b);
    const changed = await findPersonByTelegramId(db, 42);
    expect(changed).not.toBe(a);
    expect(changed).toMatchObject({ language: "kk", time_zone: "Asia/Almaty" });
    expect(await findPersonByTelegramId(db, 42)).toBe(changed);

    // The secretariat changes someone's role: every copy goes.
    await db.updateTable("people").set({ role: "alternate" }).where("id", "=", a.id).execute();
    const bAgain = await findPersonByTelegramId(db, 43);
    expect(bAgain).not.toBe(b);
    expect(bAgain).toEqual(b);
    expect((await findPersonByTelegramId(db, 42))?.role).toBe("alternate");
  });

  it("a committed change of a person's own settings brings their cached copy up to date without a read", async () => {
    const { db } = opened;
    let loads = 0;
    const rowOf = (p: { id: number } | undefined) => (p ? { table: "people", id: p.id } : undefined);
    const load = async () => {
      loads++;
      return db.selectFrom("people").selectAll().where("telegram_id", "=", 42).executeTakeFirst();
    };
    const read = () => readThrough(db, "own", ["people"], "42", load, rowOf);
    const before = await read();
    if (!before) throw new Error("seeded person missing");
    const fromDisk = () => db.selectFrom("people").selectAll().where("id", "=", before.id).executeTakeFirst();

    // In a shared commit (group commit), outside a transaction, and two at once in one batch.
    await setLanguage(db, before.id, "kk", 1_000);
    const patched = await read();
    expect(loads).toBe(1);
    expect(patched).not.toBe(before);
    expect(Object.isFrozen(patched)).toBe(true);
    expect(patched).toEqual(await fromDisk());
    await db.updateTable("people").set({ time_zone: "Asia/Almaty" }).where("id", "=", before.id).execute();
    await Promise.all([
      setTimeZone(db, before.id, "Asia/Bishkek", 2_000),
      touchPerson(db, { ...before, last_seen_at: 0 }, 3_000),
    ]);
    expect(await read()).toEqual(await fromDisk());
    expect((await read())?.time_zone).toBe("Asia/Bishkek");
    expect(loads).toBe(1);

    // Rolled back: the copy is not patched but read again, and shows what is on disk.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable("people").set({ language: "ky" }).where("id", "=", before.id).execute();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await read())?.language).toBe("kk");
    expect(loads).toBe(2);

    // A value not of its column's kind (SQLite stores the number 5 in a text column as "5.0") is
    // not patched in; nor is a later write patched onto the copy that missed it: read again.
    await db
      .updateTable("people")
      .set({ language: 5 as unknown as string })
      .where("id", "=", before.id)
      .execute();
    await setTimeZone(db, before.id, "Asia/Dushanbe", 4_000);
    expect(await read()).toEqual(await fromDisk());
    expect(await read()).toMatchObject({ language: "5.0", time_zone: "Asia/Dushanbe" });
    expect(loads).toBe(3);
    await setLanguage(db, before.id, "kk", 5_000);

    // Any other column, or another shape of write: the whole table, read again.
    await db.updateTable("people").set({ name: "Aigerim B." }).where("id", "=", before.id).execute();
    expect((await read())?.name).toBe("Aigerim B.");
    expect(loads).toBe(4);
    expect(await read()).toEqual(await fromDisk());
  });

  it("a row-scoped write while a row loads, or one rolled back, leaves no stale copy", async () => {
    const { db } = opened;
    const a = await findPersonByTelegramId(db, 42);
    if (!a) throw new Error("seeded person missing");
    // Bakyt's copy loads while Aigerim's language changes: it is returned but not kept.
    let loads = 0;
    const rowOf = (p: { id: number } | undefined) => (p ? { table: "people", id: p.id } : undefined);
    const loadB = async () => {
      loads++;
      if (loads === 1) await setLanguage(db, a.id, "tg", Date.now());
      return db.selectFrom("people").selectAll().where("telegram_id", "=", 43).executeTakeFirst();
    };
    await readThrough(db, "rows", ["people"], "43", loadB, rowOf);
    await readThrough(db, "rows", ["people"], "43", loadB, rowOf);
    await readThrough(db, "rows", ["people"], "43", loadB, rowOf);
    expect(loads).toBe(2);

    // A change inside a transaction that rolls back: the copy is dropped, the old value reloads.
    const before = await findPersonByTelegramId(db, 42);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable("people").set({ language: "ky" }).where("id", "=", a.id).execute();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const after = await findPersonByTelegramId(db, 42);
    expect(after).not.toBe(before);
    expect(after?.language).toBe("tg");
  });

  it("a person is served from memory until the bot itself changes people", async () => {
    const { db } = opened;
    expect(cachedPersonByTelegramId(db, 42)).toBe(NOT_CACHED);
    const first = await findPersonByTelegramId(db, 42);
    expect(cachedPersonByTelegramId(db, 42)).toBe(first);
    expect(first?.language).toBe("ru");
    expect(await findPersonByTelegramId(db, 42)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);

    // Their own change, once committed, is in the kept copy at once (a new, frozen object).
    await setLanguage(db, first?.id ?? 0, "kk", Date.now());
    const after = await findPersonByTelegramId(db, 42);
    expect(cachedPersonByTelegramId(db, 42)).toBe(after);
    expect(after).not.toBe(first);
    expect(after?.language).toBe("kk");
    expect(Object.isFrozen(after)).toBe(true);
  });

  it("a commit by another connection (the CLI) is seen within the lag, not later", async () => {
    const { db } = opened;
    expect((await findPersonByTelegramId(db, 42))?.name).toBe("Aigerim");
    const cli = new SQLite(path);
    cli.prepare("UPDATE people SET name = 'Aigerim N.' WHERE telegram_id = 42").run();
    cli.close();
    await pause(80);
    expect((await findPersonByTelegramId(db, 42))?.name).toBe("Aigerim N.");
    expect(tableVersionsOf(db)).toBeDefined();
  });

  it("inside a transaction a read goes to the database, and a load during a write is not kept", async () => {
    const { db } = opened;
    let loads = 0;
    const load = async () => {
      loads++;
      return { n: loads };
    };
    await readThrough(db, "t", ["people"], "k", load);
    await readThrough(db, "t", ["people"], "k", load);
    expect(loads).toBe(1);
    await db.transaction().execute(async (trx) => {
      await readThrough(trx, "t", ["people"], "k", load);
    });
    expect(loads).toBe(2);

    // A write to the table while the value loads: the loaded value is returned but not kept.
    const racing = await readThrough(db, "t2", ["people"], "k", async () => {
      await db.updateTable("people").set({ last_seen_at: 1 }).where("telegram_id", "=", 42).execute();
      return "stale?";
    });
    expect(racing).toBe("stale?");
    expect(await readThrough(db, "t2", ["people"], "k", async () => "fresh")).toBe("fresh");
  });

  it("update ids arriving together are recorded once each, and a repeat is recognised", async () => {
    const { db } = opened;
    const ids = [1, 2, 3, 2, 4, 1];
    const results = await Promise.all(ids.map((id) => firstDelivery(db, id, 1000)));
    expect(results).toEqual([true, true, true, false, true, false]);
    expect(await firstDelivery(db, 3, 2000)).toBe(false);
    const rows = await db.selectFrom("processed_updates").select("update_id").orderBy("update_id").execute();
    expect(rows.map((r) => r.update_id)).toEqual([1, 2, 3, 4]);
  });
});
