/**
 * The operator's view of the running bot, end to end with the built bot: /healthz and /metrics
 * answer on the health port (503 with the reason when the database is gone or polling fails), and
 * the daily backup is written, checked, pruned, counted, and restores into a bot that starts on it.
 */
import { mkdtempSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startWorld, type World } from "../support/scenario.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function healthPort(w: World): Promise<number> {
  const line = await w.bot.waitForLog((l) => l.msg.startsWith("health and metrics listening"));
  return line.port as number;
}

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

/** The value of one sample line of the Prometheus text, e.g. `name{label="x"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("health and metrics", () => {
  it("/healthz reports the database, polling and the outbox; /metrics counts updates, calls, 429s and sends", async () => {
    world = await startWorld({ env: { HEALTH_PORT: "0" } });
    const port = await healthPort(world);

    const healthy = await get(port, "/healthz");
    expect(healthy.status).toBe(200);
    const report = JSON.parse(healthy.body);
    expect(report).toMatchObject({ healthy: true, reasons: [], database: { reachable: true } });
    expect(report.updates.mode).toBe("polling");
    expect(report.outbox).toEqual({ due: 0, oldestDueSeconds: 0 });

    // A stranger's reply meets one 429 (auto-retry waits and sends it again).
    world.fake.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      retry_after: 1,
    });
    const stranger = world.fake.user({ id: 901, first_name: "Probe", language_code: "en" });
    stranger.send("hello");
    expect((await stranger.nextMessage()).text).toMatch(/by invitation only/);
    // A reminder queued straight into the outbox is sent and counted by its source.
    const db = new SQLite(world.bot.databasePath);
    db.pragma("busy_timeout = 5000");
    db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, source, person_id, chat_id, content, due_at, created_at, updated_at)
       VALUES ('test:reminder', 'meeting_reminder', 'test', NULL, 901, ?, 0, 0, 0)`,
    ).run(JSON.stringify({ type: "text", text: "A reminder" }));
    db.close();
    await stranger.waitForText(/A reminder/);

    const metrics = await until("the reminder counted", async () => {
      const text = (await get(port, "/metrics")).body;
      return sample(text, 'almaty_bot_outbox_messages_total{source="reminder",status="sent"}') === 1
        ? text
        : undefined;
    });
    expect(sample(metrics, 'almaty_bot_updates_total{kind="message"}')).toBe(1);
    expect(sample(metrics, 'almaty_bot_api_calls_total{method="sendMessage",outcome="ok"}')).toBe(2);
    expect(sample(metrics, 'almaty_bot_api_calls_total{method="sendMessage",outcome="rate_limited"}')).toBe(
      1,
    );
    expect(sample(metrics, 'almaty_bot_api_rate_limited_total{method="sendMessage"}')).toBe(1);
    expect(sample(metrics, 'almaty_bot_api_calls_total{method="getUpdates",outcome="ok"}')).toBeGreaterThan(
      0,
    );
    expect(sample(metrics, 'almaty_bot_api_call_seconds_count{method="sendMessage"}')).toBe(3);
    expect(sample(metrics, 'almaty_bot_outbox_rows{status="sent"}')).toBe(1);
    expect(sample(metrics, "almaty_bot_handler_errors_total")).toBe(0);
    expect(sample(metrics, "almaty_bot_healthy")).toBe(1);
    expect(sample(metrics, "almaty_bot_process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    expect(metrics).toMatch(/^# TYPE almaty_bot_nodejs_eventloop_lag_seconds gauge$/m);
    expect(metrics).not.toContain(world.bot.env.BOT_TOKEN);

    expect((await get(port, "/nothing")).status).toBe(404);
  });

  it("/healthz answers 503 with the reason when the database file is gone, and 200 once it is back", async () => {
    world = await startWorld({ env: { HEALTH_PORT: "0" } });
    const port = await healthPort(world);
    expect((await get(port, "/healthz")).status).toBe(200);

    const path = world.bot.databasePath;
    renameSync(path, `${path}.away`);
    const down = await get(port, "/healthz");
    expect(down.status).toBe(503);
    const report = JSON.parse(down.body);
    expect(report.healthy).toBe(false);
    expect(report.database.reachable).toBe(false);
    expect(report.reasons.join("\n")).toMatch(/database: the database file .* is gone/);
    expect(sample((await get(port, "/metrics")).body, "almaty_bot_healthy")).toBe(0);

    renameSync(`${path}.away`, path);
    expect((await get(port, "/healthz")).status).toBe(200);
  });

  it("/healthz answers 503 when getUpdates has not succeeded for longer than the threshold", async () => {
    world = await startWorld({ env: { HEALTH_PORT: "0", HEALTH_STALE_SECONDS: "2" } });
    const port = await healthPort(world);
    // The poll under way returns with this update; every poll after it fails.
    world.fake.failNext("getUpdates", { error_code: 502, description: "Bad Gateway", count: 1_000 });
    const stranger = world.fake.user({ id: 902, first_name: "Probe", language_code: "en" });
    stranger.send("hello");
    await stranger.nextMessage();

    const stale = await until("a 503", async () => {
      const answer = await get(port, "/healthz");
      return answer.status === 503 ? answer : undefined;
    });
    expect(JSON.parse(stale.body).reasons.join("\n")).toMatch(
      /^polling: no successful getUpdates for \d+ s \(threshold 2 s\)$/m,
    );
    const metrics = (await get(port, "/metrics")).body;
    expect(
      sample(metrics, 'almaty_bot_api_calls_total{method="getUpdates",outcome="server_error"}'),
    ).toBeGreaterThan(0);
  });
});

describe("daily backups", () => {
  it("at BACKUP_TIME a checked backup is written and old ones pruned; a failure is logged and counted; a backup restores into a bot that starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "apbot-backups-"));
    for (const day of ["2027-03-16", "2027-03-17", "2027-03-18"])
      writeFileSync(join(dir, `bot-${day}.sqlite`), "");
    writeFileSync(join(dir, "before-upgrade.sqlite"), "");
    world = await startWorld({
      // 10:00 in Almaty: past the backup time of 09:00, so the first tick makes the day's backup.
      clock: "2027-03-20T05:00:00Z",
      env: {
        BACKUP_DIR: dir,
        BACKUP_TIME: "09:00",
        BACKUP_KEEP: "3",
        TZ_DEFAULT: "Asia/Almaty",
        HEALTH_PORT: "0",
      },
    });
    const port = await healthPort(world);
    const written = await world.bot.waitForLog((l) => l.msg === "daily backup written and checked");
    expect(written.file).toBe(join(dir, "bot-2027-03-20.sqlite"));
    // The newest three daily backups stay; the operator's own file is never pruned.
    expect(readdirSync(dir).sort()).toEqual([
      "before-upgrade.sqlite",
      "bot-2027-03-17.sqlite",
      "bot-2027-03-18.sqlite",
      "bot-2027-03-20.sqlite",
    ]);
    const metrics = (await get(port, "/metrics")).body;
    expect(sample(metrics, 'almaty_bot_backups_total{outcome="ok"}')).toBe(1);

    // Restored, the day's backup is a database the bot starts on.
    await world.bot.stop();
    await world.bot.admin("restore", join(dir, "bot-2027-03-20.sqlite"));
    await world.bot.start();
    const db = new SQLite(world.bot.databasePath, { readonly: true });
    const settings = db.prepare("SELECT key FROM settings ORDER BY key").pluck().all();
    db.close();
    expect(settings).toContain("bot_username");
    expect(settings).not.toContain("instance");
    await world.close();

    // A backup folder the bot cannot write into: one line that says what to do, and a counted failure.
    const blocked = join(dir, "not-a-folder");
    writeFileSync(blocked, "");
    world = await startWorld({
      clock: "2027-03-21T05:00:00Z",
      env: { BACKUP_DIR: blocked, BACKUP_TIME: "09:00", TZ_DEFAULT: "Asia/Almaty", HEALTH_PORT: "0" },
    });
    const failedPort = await healthPort(world);
    const failed = await world.bot.waitForLog((l) => l.msg.startsWith("daily backup FAILED"));
    expect(failed.level).toBe(50);
    expect(failed.msg).toMatch(/check that BACKUP_DIR exists, is writable/);
    const counted = (await get(failedPort, "/metrics")).body;
    expect(sample(counted, 'almaty_bot_backups_total{outcome="failed"}')).toBe(1);
  });
});
