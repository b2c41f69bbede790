/**
 * One bot process per database, end to end with the built bot: the guard rests on a lock the
 * operating system releases when the process dies, so a crash never blocks the next start, a
 * second live process is refused in one line, the operator's read-only commands work beside the
 * running bot while restore and migrate refuse, and a backup taken while the bot ran starts cleanly.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { firstSecretariat, inviteThroughBot, joinWith, startWorld, type World } from "../support/scenario.js";

let world: World | undefined;
let sleeper: ChildProcess | undefined;
afterEach(async () => {
  sleeper?.kill("SIGKILL");
  sleeper = undefined;
  await world?.close();
  world = undefined;
});

function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The CLI's failure (execFile rejects with the exit code and output). */
async function adminFails(w: World, ...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await w.bot.admin(...args);
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
  throw new Error(`admin ${args.join(" ")} succeeded while it should have refused`);
}

/** A stranger's message is answered: the bot is up and handling updates. */
async function answersAStranger(w: World, id: number): Promise<void> {
  const stranger = w.fake.user({ id, first_name: "Probe", language_code: "en" });
  stranger.send("hello");
  expect((await stranger.nextMessage()).text).toMatch(/by invitation only/);
}

describe("one bot process per database", () => {
  it("starts after a crash even when the old stored pid now belongs to a live process (issue 18's reproduction)", async () => {
    world = await startWorld();
    await world.bot.kill();
    sleeper = spawn("sleep", ["120"], { stdio: "ignore" });
    const pid = sleeper.pid;
    expect(pid).toBeGreaterThan(0);
    // What the old guard stored and trusted: a live process with that id on this host.
    const db = new SQLite(world.bot.databasePath);
    db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('instance', ?)").run(
      JSON.stringify({ pid, host: hostname(), since: Date.now() }),
    );
    db.close();

    await world.bot.start();
    await answersAStranger(world, 701);
  });

  it("a second live process on the same database is refused with one line naming the database", async () => {
    world = await startWorld();
    const other = await world.bot.runAnother();
    expect(other.timedOut).toBe(false);
    expect(other.code).toBe(1);
    // One line in the log at warning level or above, and nothing on stderr.
    const problems = other.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level >= 40);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.msg).toContain(world.bot.databasePath);
    expect(problems[0]?.msg).toMatch(/stop it first/);
    expect(other.stderr).toBe("");
    expect(other.stdout).not.toMatch(/\n\s+at /);
    // It never got as far as polling, and the first one goes on.
    expect(other.stdout).not.toMatch(/bot running/);
    await answersAStranger(world, 702);
  });

  it("people, audit and backup work beside the running bot; restore and migrate refuse while it runs", async () => {
    world = await startWorld();
    await firstSecretariat(world);
    const people = await world.bot.admin("people");
    expect(people.stdout).toMatch(/secretariat\tsecretariat\tSaule Secretariat/);
    const today = new Date().toISOString().slice(0, 10);
    const trail = await world.bot.admin("audit", "--since", today, "--person", "1");
    expect(
      trail.stdout.startsWith("\uFEFFwhen (UTC),who,role,state or organisation,action,on what,details\n"),
    ).toBe(true);
    const lines = trail.stdout.trim().split("\n");
    expect(lines.slice(1).map((l) => l.split(",")[4])).toEqual(["person.joined"]);
    expect(lines[1]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z,Saule Secretariat \(#1\),secretariat,,person\.joined,person #1 Saule Secretariat \(secretariat\),invitation \d+; role secretariat; state —; org —$/,
    );
    const xlsx = join(world.bot.dir, "audit.xlsx");
    expect((await world.bot.admin("audit", "--out", xlsx)).stdout).toMatch(
      /audit entries written to .*audit\.xlsx/,
    );
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe("PK");
    const wrong = await adminFails(world, "audit", "--since", "2027-02-30");
    expect(wrong.stderr.trim()).toBe("--since must be a day as YYYY-MM-DD, such as 2027-03-20");
    const file = join(world.bot.dir, "backups", "manual.sqlite");
    const backup = await world.bot.admin("backup", file);
    expect(backup.stdout).toMatch(/integrity ok/);
    expect(existsSync(file)).toBe(true);

    const migrate = await adminFails(world, "migrate");
    expect(migrate.code).toBe(1);
    expect(migrate.stderr.trim()).toMatch(/^migrate refused: .*stop it first/);
    expect(migrate.stderr).toContain(world.bot.databasePath);
    const restore = await adminFails(world, "restore", file);
    expect(restore.code).toBe(1);
    expect(restore.stderr.trim()).toMatch(/^restore refused: .*stop it first/);
    // The refused restore changed nothing: the bot goes on with its data.
    await answersAStranger(world, 703);
    expect(query(world.bot.databasePath, "SELECT name FROM people")).toEqual([{ name: "Saule Secretariat" }]);

    await world.bot.stop();
    expect((await world.bot.admin("migrate")).stdout).toMatch(/latest migration/);
  });

  it("the bot starts on a restored backup taken while it ran, with the data of that moment", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const file = join(world.bot.dir, "backups", "while-running.sqlite");
    await world.bot.admin("backup", file);
    // A change after the backup: it is not in the restored data.
    const link = await inviteThroughBot(secretariat, "Observer", "UNHCR");
    await joinWith(world.fake.user({ id: 640, first_name: "Olivia", language_code: "en" }), link);
    expect(query(world.bot.databasePath, "SELECT name FROM people ORDER BY id")).toHaveLength(2);
    await world.bot.stop();

    const restored = await world.bot.admin("restore", file);
    expect(restored.stdout).toMatch(/restored .* \(integrity ok\)/);
    const kept = /kept as (\S+)/.exec(restored.stdout)?.[1] ?? "";
    expect(existsSync(kept)).toBe(true);
    // The replaced database is kept whole (with its WAL, if it had one), and nothing stale is left.
    expect(query(kept, "SELECT name FROM people ORDER BY id")).toHaveLength(2);
    const left = readdirSync(dirname(world.bot.databasePath)).filter((f) =>
      f.startsWith(`${basename(world?.bot.databasePath ?? "")}-`),
    );
    expect(left).toEqual([]);

    await world.bot.start();
    expect(query(world.bot.databasePath, "SELECT name FROM people ORDER BY id")).toEqual([
      { name: "Saule Secretariat" },
    ]);
    secretariat.command("me");
    expect((await secretariat.waitForText(/Saule Secretariat/)).text).toMatch(/Role: Secretariat/);
  });

  it("kill -9 followed by an immediate start works 20 times in a row", async () => {
    world = await startWorld();
    for (let i = 0; i < 20; i++) {
      await world.bot.kill();
      await world.bot.start();
      // Every fifth time, a crash in the middle of handling as well.
      if (i % 5 === 4) {
        const stranger = world.fake.user({ id: 800 + i, first_name: "Probe", language_code: "en" });
        stranger.send("hello");
      }
    }
    await answersAStranger(world, 799);
    const integrity = query<{ integrity_check: string }>(world.bot.databasePath, "PRAGMA integrity_check");
    expect(integrity).toEqual([{ integrity_check: "ok" }]);
  });
});
