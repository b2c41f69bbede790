import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.js";
import { claimInstance, processAlive, releaseInstance } from "../../src/db/instance-lock.js";
import { testDatabase } from "../support/test-db.js";

let db: Db;
beforeEach(async () => {
  db = (await testDatabase()).db;
});
afterEach(async () => {
  await db.destroy();
});

describe("one bot process per database", () => {
  it("a second live process is refused; a crashed holder is replaced; a clean stop releases", async () => {
    const alive = new Set([101, 202]);
    const isAlive = (pid: number) => alive.has(pid);
    expect(await claimInstance(db, 1, { pid: 101, host: "h" }, isAlive)).toEqual({ ok: true });
    expect(await claimInstance(db, 2, { pid: 202, host: "h" }, isAlive)).toMatchObject({
      ok: false,
      holder: { pid: 101 },
    });
    alive.delete(101);
    expect(await claimInstance(db, 3, { pid: 202, host: "h" }, isAlive)).toEqual({ ok: true });
    await releaseInstance(db, 202);
    alive.add(101);
    expect(await claimInstance(db, 4, { pid: 101, host: "h" }, isAlive)).toEqual({ ok: true });
  });

  it("knows whether a pid is alive", () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12345)).toBe(false);
  });
});
