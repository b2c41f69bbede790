import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockDatabase, lockPathOf, ProcessLockHeld, tryLockDatabase } from "../../src/db/process-lock.js";

describe("the database's process lock", () => {
  it("is held by one holder at a time and free again once released", () => {
    const database = join(mkdtempSync(join(tmpdir(), "lock-")), "data", "bot.sqlite");
    const first = tryLockDatabase(database);
    expect(first?.path).toBe(lockPathOf(database));
    expect(tryLockDatabase(database)).toBeUndefined();
    expect(() => lockDatabase(database, "migrate refused")).toThrow(ProcessLockHeld);
    first?.release();
    first?.release();
    const second = lockDatabase(database);
    second.release();
  });

  it("names the database and what was refused in one line", () => {
    const database = join(mkdtempSync(join(tmpdir(), "lock-")), "bot.sqlite");
    const held = lockDatabase(database);
    try {
      lockDatabase(database, "restore refused");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProcessLockHeld);
      const message = (error as Error).message;
      expect(message).toMatch(/^restore refused: /);
      expect(message).toContain(database);
      expect(message).not.toContain("\n");
    } finally {
      held.release();
    }
  });
});
