/**
 * Group commit: writes queued together share one transaction; each caller resumes only once its
 * write is committed (another connection sees it); a failing write fails alone; conversation state
 * goes through it and reads back.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sqliteConversationStorage } from "../../src/db/conversation-storage.js";
import { type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { groupCommitOf } from "../../src/db/group-commit.js";
import { migrateToLatest } from "../../src/db/migrate.js";

let dir: string;
let path: string;
let opened: OpenedDatabase;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "apgroup-"));
  path = join(dir, "bot.sqlite");
  opened = openDatabase(path);
  await migrateToLatest(opened.db);
});
afterEach(async () => {
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const setting = (key: string, value: string) => ({ key, value });

describe("group commit", () => {
  it("writes queued together share one transaction, and each caller gets its own result", async () => {
    const { db } = opened;
    const group = groupCommitOf(db);
    const other = new SQLite(path, { readonly: true });
    const visible = (key: string) =>
      other.prepare("select 1 from settings where key = ?").get(key) !== undefined;
    // While the last write runs, the first is not yet visible elsewhere: they commit together.
    const firstSeenByLast: boolean[] = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        group.run(async (trx) => {
          await trx
            .insertInto("settings")
            .values(setting(`k${i}`, `v${i}`))
            .execute();
          if (i === 19) firstSeenByLast.push(visible("k0"));
          return i * 10;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
    expect(firstSeenByLast).toEqual([false]);
    expect(visible("k0")).toBe(true);
    other.close();
    const rows = await db.selectFrom("settings").select("key").where("key", "like", "k%").execute();
    expect(rows).toHaveLength(20);
  });

  it("a caller resumes only once its write is visible to another connection", async () => {
    const group = groupCommitOf(opened.db);
    const other = new SQLite(path, { readonly: true });
    try {
      const seen = await Promise.all(
        ["a", "b", "c"].map(async (key) => {
          await group.run((trx) => trx.insertInto("settings").values(setting(key, key)).execute());
          return other.prepare("select value from settings where key = ?").pluck().get(key);
        }),
      );
      expect(seen).toEqual(["a", "b", "c"]);
    } finally {
      other.close();
    }
  });

  it("a failing write fails alone; the others of its batch are kept", async () => {
    const { db } = opened;
    await db.insertInto("settings").values(setting("taken", "x")).execute();
    const group = groupCommitOf(db);
    const outcomes = await Promise.allSettled(
      ["one", "taken", "two"].map((key) =>
        group.run((trx) => trx.insertInto("settings").values(setting(key, "new")).execute()),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const rows = await db
      .selectFrom("settings")
      .select(["key", "value"])
      .where("key", "in", ["one", "taken", "two"])
      .orderBy("key")
      .execute();
    expect(rows).toEqual([
      { key: "one", value: "new" },
      { key: "taken", value: "x" },
      { key: "two", value: "new" },
    ]);
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    expect(check.rows[0]?.integrity_check).toBe("ok");
  });

  it("given a transaction's handle, writes in that transaction and rolls back with it", async () => {
    const { db } = opened;
    const outcome = await db
      .transaction()
      .execute(async (trx) => {
        await groupCommitOf(trx).run((inner) =>
          inner.insertInto("settings").values(setting("inner", "x")).execute(),
        );
        expect(
          await trx.selectFrom("settings").select("key").where("key", "=", "inner").execute(),
        ).toHaveLength(1);
        throw new Error("roll back");
      })
      .catch((error: Error) => error.message);
    expect(outcome).toBe("roll back");
    expect(await db.selectFrom("settings").select("key").where("key", "=", "inner").execute()).toEqual([]);
  });

  it("conversation state is written through it and survives a new connection", async () => {
    const { db } = opened;
    const storage = sqliteConversationStorage(db, () => 5);
    if (storage.type !== "key") throw new Error("expected a key storage");
    const state = { version: 1, state: { timezone: [] } } as never;
    await Promise.all([
      storage.adapter.write("conv:1", state),
      storage.adapter.write("conv:2", state),
      storage.adapter.write("conv:3", state),
    ]);
    await storage.adapter.delete?.("conv:2");
    const other = new SQLite(path, { readonly: true });
    try {
      const keys = other.prepare("select key from conversation_states order by key").pluck().all();
      expect(keys).toEqual(["conv:1", "conv:3"]);
    } finally {
      other.close();
    }
    expect(await storage.adapter.read("conv:1")).toEqual(state);
    expect(await storage.adapter.read("conv:2")).toBeUndefined();
  });
});
