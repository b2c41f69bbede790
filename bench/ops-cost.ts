/**
 * What the health server and metrics cost (HEALTH_PORT set vs unset): the real bot process idle
 * for 60 s (with /metrics and /healthz scraped every 15 s when on, as Prometheus would) and then
 * under a small load (/help and /me from 50 members at about 100 updates/s for 20 s, each answered):
 * resident memory and CPU time of the process, read from /proc. Runs alternate off/on.
 */
import { readFileSync } from "node:fs";
import { Liveness } from "../src/ops/liveness.js";
import { BotMetrics } from "../src/ops/metrics.js";
import { observeUpdates, recordApiCalls } from "../src/ops/observers.js";
import { BotProcess } from "../test/support/bot-process.js";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { seedPeople } from "../test/support/seed-people.js";
import { kib } from "./announcement-delivery.js";

const TOKEN = "7000000001:AAbenchmark-token-for-the-fake-server";
const TICKS_PER_SECOND = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (k: number | undefined) => (k === undefined ? "n/a" : (k / 1024).toFixed(1));

/** User plus system CPU time of a process, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export interface OpsCostRun {
  health: boolean;
  idleRssKib: number | undefined;
  idleCpuMs: number;
  loadCpuUsPerUpdate: number;
  loadedRssKib: number | undefined;
  peakKib: number | undefined;
}

export async function opsCostRun(health: boolean, idleMs = 60_000, updates = 2_000): Promise<OpsCostRun> {
  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  const bot = new BotProcess({
    apiRoot: fake.apiRoot,
    token: TOKEN,
    env: {
      LOG_LEVEL: "info",
      CLOCK_FILE: "",
      OUTBOX_CHAT_INTERVAL_MS: "1000",
      ...(health ? { HEALTH_PORT: "0" } : {}),
    },
  });
  let scraper: NodeJS.Timeout | undefined;
  try {
    await bot.start(30_000);
    const pid = bot.pid ?? 0;
    if (health) {
      const line = await bot.waitForLog((l) => l.msg.startsWith("health and metrics listening"));
      const base = `http://127.0.0.1:${line.port as number}`;
      const scrape = () =>
        Promise.all([
          fetch(`${base}/metrics`).then((r) => r.text()),
          fetch(`${base}/healthz`).then((r) => r.text()),
        ]);
      await scrape();
      scraper = setInterval(() => void scrape(), 15_000);
    }
    await sleep(2_000);
    const idleFrom = cpuMs(pid);
    await sleep(idleMs);
    const idleCpuMs = cpuMs(pid) - idleFrom;
    const idleRssKib = kib(pid, "VmRSS");

    seedPeople(
      bot.databasePath,
      Array.from({ length: 50 }, (_, i) => ({
        telegramId: 900_000 + i,
        name: `Delegate ${i}`,
        role: "coordinator" as const,
        state: "KZ",
        language: "en",
      })),
    );
    const users = Array.from({ length: 50 }, (_, i) =>
      fake.user({ id: 900_000 + i, first_name: `Delegate ${i}`, language_code: "en" }),
    );
    const before = fake.callsOf("sendMessage").length;
    const loadFrom = cpuMs(pid);
    for (let i = 0; i < updates; i++) {
      users[i % users.length]?.command(i % 2 ? "me" : "help");
      if (i % 10 === 9) await sleep(100);
    }
    for (const until = Date.now() + 60_000; fake.callsOf("sendMessage").length - before < updates; ) {
      if (Date.now() > until) throw new Error("not every update was answered");
      await sleep(50);
    }
    const loadCpuMs = cpuMs(pid) - loadFrom;
    return {
      health,
      idleRssKib,
      idleCpuMs,
      loadCpuUsPerUpdate: (loadCpuMs * 1000) / updates,
      loadedRssKib: kib(pid, "VmRSS"),
      peakKib: kib(pid, "VmHWM"),
    };
  } finally {
    if (scraper) clearInterval(scraper);
    await bot.stop().catch(() => undefined);
    await fake.stop();
  }
}

/**
 * The hooks alone, in process: what one update with one Bot API call costs in them (the update
 * counter and its promise, the call's counter, histogram and timing), best of three 200,000-update runs.
 */
export async function hookCostUs(updates = 200_000): Promise<number> {
  const metrics = new BotMetrics({ outboxRowsByStatus: () => ({}), healthy: () => true });
  const liveness = new Liveness();
  const middleware = observeUpdates(metrics, liveness);
  const transformer = recordApiCalls(metrics, liveness);
  const answer = Promise.resolve({ ok: true as const, result: true });
  const call = () => answer as never;
  const update = { update: { update_id: 1, message: {} } } as never;
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const bare = performance.now();
    for (let i = 0; i < updates; i++) await Promise.resolve().then(() => call());
    const bareMs = performance.now() - bare;
    const hooked = performance.now();
    for (let i = 0; i < updates; i++)
      await middleware(
        update,
        () => transformer(call, "sendMessage", {} as never) as unknown as Promise<void>,
      );
    best = Math.min(best, ((performance.now() - hooked - bareMs) * 1000) / updates);
  }
  return best;
}

export async function opsCostFigures(log: (line: string) => void, runs = 2): Promise<void> {
  log(
    `health and metrics hooks in process: ${(await hookCostUs()).toFixed(2)} µs per update with one Bot API call`,
  );
  for (let i = 0; i < runs; i++) {
    for (const health of [false, true]) {
      const r = await opsCostRun(health);
      log(
        `health server and metrics ${health ? "on " : "off"}: idle 60 s ${mb(r.idleRssKib)} MB resident, ${r.idleCpuMs.toFixed(0)} ms CPU; ` +
          `2,000 updates at ~100/s ${r.loadCpuUsPerUpdate.toFixed(0)} µs CPU per update, ${mb(r.loadedRssKib)} MB resident after, peak ${mb(r.peakKib)} MB`,
      );
    }
  }
}
