/**
 * Compiled queries run straight on the connection only when that means what Kysely would have
 * done: the same results, and never inside someone else's open transaction.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compiledOnce } from "../../src/db/compiled-query.js";
import type { OpenedDatabase } from "../../src/db/database.js";
import { directStatementsOf } from "../../src/db/direct-statements.js";
import { groupCommitOf } from "../../src/db/group-commit.js";
import { testDatabase } from "../support/test-db.js";

let opened: OpenedDatabase;
beforeEach(async () => {
  opened = await testDatabase();
});
afterEach(async () => {
  await opened.db.destroy();
});

const readSetting = compiledOnce(["?key"] as [string], (db, key) =>
  db.selectFrom("settings").selectAll().where("key", "=", key),
);
const writeSetting = compiledOnce(["?key", "?value"] as [string, string], (db, key, value) =>
  db.insertInto("settings").values({ key, value }),
);

describe("direct statements", () => {
  it("give the results Kysely's driver gives, for reads and writes", async () => {
    const { db } = opened;
    expect(directStatementsOf(db)?.available()).toBe(true);
    const direct = await writeSetting(db, "a", "1");
    const viaKysely = await db.executeQuery(
      db.insertInto("settings").values({ key: "b", value: "2" }).compile(),
    );
    expect(direct).toEqual({ ...viaKysely, insertId: direct.insertId });
    expect(typeof direct.insertId).toBe("bigint");
    expect(direct.numAffectedRows).toBe(1n);
    expect(await readSetting(db, "a")).toEqual(
      await db.executeQuery(db.selectFrom("settings").selectAll().where("key", "=", "a").compile()),
    );
    expect((await readSetting(db, "a")).rows).toEqual([{ key: "a", value: "1" }]);
  });

  it("never read inside another's open transaction: a rolled-back write is never seen", async () => {
    const { db } = opened;
    let inside!: () => void;
    const started = new Promise<void>((r) => {
      inside = r;
    });
    const rolledBack = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("settings").values({ key: "ghost", value: "x" }).execute();
        inside();
        await new Promise((r) => setTimeout(r, 30));
        throw new Error("changed my mind");
      })
      .catch(() => "rolled back");
    await started;
    expect(directStatementsOf(db)?.available()).toBe(false);
    const read = await readSetting(db, "ghost");
    expect(read.rows).toEqual([]);
    expect(await rolledBack).toBe("rolled back");
  });

  it("run inside a group commit's own transaction, and commit with it", async () => {
    const { db } = opened;
    const results = await Promise.all(
      ["p", "q"].map((key) =>
        groupCommitOf(db).run(async (trx) => {
          expect(directStatementsOf(trx)?.available()).toBe(true);
          await writeSetting(trx, key, "v");
          return (await readSetting(trx, key)).rows.length;
        }),
      ),
    );
    expect(results).toEqual([1, 1]);
    expect((await readSetting(db, "p")).rows).toEqual([{ key: "p", value: "v" }]);
  });
});
