/**
 * What lets the bot keep read-mostly rows in memory: every write through the connection is noticed
 * (per table), a commit by another connection (the operator's CLI) is noticed, a transaction's own
 * reads never come from the cache, and the update-id record acts once per id even when many
 * arrive together (they are written in one transaction).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { firstDelivery } from "../../src/db/processed-updates.js";
import { readThrough, statementWrites, tableVersionsOf } from "../../src/db/table-versions.js";
import { findPersonByTelegramId, setLanguage } from "../../src/domain/people.js";
import { seedPeople } from "../support/seed-people.js";

let dir: string;
let path: string;
let opened: OpenedDatabase;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "apcache-"));
  path = join(dir, "bot.sqlite");
  opened = openDatabase(path);
  await migrateToLatest(opened.db);
  seedPeople(path, [{ telegramId: 42, name: "Aigerim", role: "coordinator", state: "KZ", language: "ru" }]);
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

  it("a person is served from memory until the bot itself changes people", async () => {
    const { db } = opened;
    const first = await findPersonByTelegramId(db, 42);
    expect(first?.language).toBe("ru");
    expect(await findPersonByTelegramId(db, 42)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);

    await setLanguage(db, first?.id ?? 0, "kk", Date.now());
    const after = await findPersonByTelegramId(db, 42);
    expect(after).not.toBe(first);
    expect(after?.language).toBe("kk");
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
