/**
 * The production path, as the README's "Deploying" section and the shipped systemd unit run it:
 * the built output and the files it reads at run time, copied into a fresh folder, installed with
 * `npm ci --omit=dev` (no TypeScript, no test tools), started with the unit's own command against
 * the fake Telegram server, answering, healthy, and stopping cleanly on SIGTERM.
 * Slow (a fresh install builds the SQLite driver): `npm run test:deploy`, run by CI.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.js";
import { TOKEN } from "../support/scenario.js";

const run = promisify(execFile);

function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "package.json")) || dir.endsWith("/dist")) dir = dirname(dir);
  return dir;
}
const ROOT = projectRoot();

/** What a server needs besides node_modules (README, "Deploying"); everything else stays behind. */
const RUNTIME_FILES = [
  "package.json",
  "package-lock.json",
  "dist/src",
  "dist/migrations",
  "locales",
  "src/content/rounds",
  "deploy",
  ".env.example",
];

const UNIT = readFileSync(join(ROOT, "deploy", "almaty-process-bot.service"), "utf8");

function unitSetting(name: string): string[] {
  return UNIT.split("\n")
    .filter((l) => l.startsWith(`${name}=`))
    .map((l) => l.slice(name.length + 1).trim());
}

let app: string;
let fake: FakeTelegram;
let bot: ChildProcess | undefined;

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), "apbot-release-"));
  for (const path of RUNTIME_FILES) cpSync(join(ROOT, path), join(app, path), { recursive: true });
  await run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: app,
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
}, 16 * 60_000);

afterAll(async () => {
  bot?.kill("SIGKILL");
  await fake?.stop();
});

describe("a production install", () => {
  it("has the runtime dependencies only", () => {
    // (typescript itself may come along: i18next names it as a peer dependency; nothing runs it.)
    for (const dev of ["vitest", "tsx", "@biomejs/biome", "@types/node"])
      expect(existsSync(join(app, "node_modules", dev)), dev).toBe(false);
    for (const runtime of ["grammy", "better-sqlite3", "prom-client", "exceljs"])
      expect(existsSync(join(app, "node_modules", runtime)), runtime).toBe(true);
  });

  it("runs under the unit's command: answers, reports healthy, takes operator commands, stops on SIGTERM", async () => {
    expect(unitSetting("ExecStart")).toEqual(["/usr/bin/node dist/src/main.js"]);
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;
    expect(scripts["start:prod"]).toBe("node dist/src/main.js");
    const [binary = "", ...args] = (unitSetting("ExecStart")[0] ?? "").split(" ");
    const node = existsSync(binary) ? binary : process.execPath;

    const data = join(app, "state");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      ...Object.fromEntries(unitSetting("Environment").map((e) => e.split("=") as [string, string])),
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATABASE_PATH: join(data, "bot.sqlite"),
      BACKUP_DIR: join(data, "backups"),
      HEALTH_PORT: "0",
    };
    expect(env.NODE_ENV).toBe("production");
    // The environment file the unit reads, in the form systemd and the admin wrapper both read.
    writeFileSync(
      join(app, "bot.env"),
      `${Object.entries(env)
        .filter(([k]) => k !== "PATH")
        .map(([k, v]) => `${k}=${v}`)
        .join("\n")}\n`,
    );

    let output = "";
    const child = spawn(node, args, { cwd: app, env, stdio: ["ignore", "pipe", "pipe"] });
    bot = child;
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.stdout?.on("data", (c: Buffer) => {
      output += c.toString("utf8");
    });
    child.stderr?.on("data", (c: Buffer) => {
      output += c.toString("utf8");
    });
    const logged = async (pattern: RegExp) => {
      for (const until = Date.now() + 30_000; !pattern.test(output); ) {
        if (Date.now() > until) throw new Error(`no ${pattern} in:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return pattern.exec(output);
    };
    await logged(/"msg":"bot running"/);
    const port = Number((await logged(/"port":(\d+),"msg":"health and metrics listening/))?.[1]);

    const stranger = fake.user({ id: 4001, first_name: "Probe", language_code: "en" });
    stranger.send("hello");
    expect((await stranger.nextMessage()).text).toMatch(/by invitation only/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);

    // The operator's wrapper runs the CLI with the service's environment (as the current user here).
    const me = (await run("id", ["-un"])).stdout.trim();
    const invite = await run(join(app, "deploy", "admin"), ["invite", "--role", "secretariat"], {
      env: { ...process.env, ALMATY_BOT_ENV_FILE: join(app, "bot.env"), ALMATY_BOT_USER: me },
    });
    expect(invite.stdout).toMatch(/^https:\/\/t\.me\/almaty_process_bot\?start=[\w-]+$/m);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toMatch(/"msg":"stopped"/);
    expect(output).not.toContain(TOKEN);
  });

  it("the unit file passes systemd-analyze verify where systemd is installed", async () => {
    expect(unitSetting("Restart")).toEqual(["on-failure"]);
    expect(unitSetting("User")).toEqual(["almaty-bot"]);
    expect(unitSetting("EnvironmentFile")).toEqual(["/etc/almaty-process-bot.env"]);
    expect(unitSetting("StateDirectory")).toEqual(["almaty-process-bot"]);
    const analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].find((p) => existsSync(p));
    if (!analyze) return;
    const unit = join(mkdtempSync(join(tmpdir(), "unit-")), "almaty-process-bot.service");
    writeFileSync(unit, UNIT);
    const verified = await run(analyze, ["verify", unit]);
    expect(verified.stderr).toBe("");
  });
});
