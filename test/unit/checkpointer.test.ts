/**
 * WAL checkpoints on a worker thread: the bot's connection no longer checkpoints inside its commits
 * (only past a far larger safety threshold), the worker copies the log back while the bot writes,
 * the log starts over once copied, and stopping the worker leaves a database that checks ok.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CheckpointResult, startCheckpointer } from "../../src/db/checkpointer.js";
import { type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";

let dir: string;
let path: string;
let opened: OpenedDatabase;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "apckpt-"));
  path = join(dir, "bot.sqlite");
  opened = openDatabase(path);
  await migrateToLatest(opened.db);
});
afterEach(() => {
  if (opened.sqlite.open) opened.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Many small commits, as updates make: each one appends pages to the log. */
function writeCommits(count: number, from: number): void {
  const insert = opened.sqlite.prepare(
    "INSERT INTO processed_updates (update_id, received_at) VALUES (?, ?)",
  );
  for (let i = 0; i < count; i++) insert.run(from + i, Date.now());
}

describe("the checkpointer", () => {
  it("copies the log back on its own thread while the bot writes, and stops cleanly", async () => {
    const results: CheckpointResult[] = [];
    const problems: string[] = [];
    const checkpointer = startCheckpointer(opened.sqlite, path, {
      intervalMs: 20,
      onCheckpoint: (result) => results.push(result),
      onProblem: (problem) => problems.push(problem),
    });
    // The bot's connection checkpoints only far beyond SQLite's default of 1,000 pages.
    expect(opened.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(16_000);

    // 1,500 commits would have crossed the default threshold; here the worker copies instead.
    writeCommits(1_500, 1);
    const deadline = Date.now() + 5_000;
    while (!results.some((r) => r.log > 0 && r.checkpointed === r.log) && Date.now() < deadline) {
      await pause(20);
    }
    const copied = results.find((r) => r.log > 0 && r.checkpointed === r.log);
    expect(copied?.log).toBeGreaterThan(1_000);

    // Once copied, the log starts over: later writes go to its beginning, so it stops growing.
    const size = statSync(`${path}-wal`).size;
    for (let round = 0; round < 3; round++) {
      writeCommits(200, 10_000 + round * 1_000);
      await pause(100);
    }
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(size);

    await checkpointer.stop();
    await checkpointer.stop();
    expect(problems).toEqual([]);
    await opened.db.destroy();
    const check = new SQLite(path, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(check.prepare("SELECT count(*) AS n FROM processed_updates").get()).toEqual({ n: 2_100 });
    check.close();
  });
});
