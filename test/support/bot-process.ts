/**
 * Runs the real, built bot process (the tests' entry point, `test-main.ts`, which runs the same
 * process as `src/main.ts` with test seams) against the fake Telegram server,
 * with its own temporary database; reads its JSON log lines; stops, kills and restarts it.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

/** The project root (the folder with package.json, outside dist/), from source or from dist. */
function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "package.json")) || dir.endsWith("/dist")) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("project root not found");
    dir = parent;
  }
  return dir;
}

const ROOT = projectRoot();
/** The tests' entry point: the bot's own process with the test seams (test-main.ts). */
const MAIN = join(ROOT, "dist", "test", "support", "test-main.js");
const ADMIN = join(ROOT, "dist", "src", "cli", "admin.js");

/**
 * The Node flags `npm start` runs the bot with (read from package.json's start script), so tests
 * and benchmarks run it the way it runs in production; the benchmarks' bare bots get them too.
 */
export const PRODUCTION_NODE_FLAGS: readonly string[] = (() => {
  const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<
    string,
    string
  >;
  const flags = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(scripts.start ?? "")?.[1] ?? "";
  return flags.split(/\s+/).filter(Boolean);
})();

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface BotProcessOptions {
  apiRoot: string;
  token: string;
  env?: Record<string, string>;
  /** Extra flags for node (e.g. --cpu-prof when profiling a benchmark). */
  nodeArgs?: string[];
}

/** One bot process at a time over a database that outlives restarts. */
export class BotProcess {
  readonly dir = mkdtempSync(join(tmpdir(), "apbot-"));
  readonly databasePath = join(this.dir, "bot.sqlite");
  readonly clockFile = join(this.dir, "clock");
  logs: LogLine[] = [];
  rawOutput = "";
  private child: ChildProcess | undefined;
  private exitPromise: Promise<number | null> | undefined;
  /** The process ended by itself (or by a signal) and was not yet reaped by stop or kill. */
  private exited = false;

  constructor(private readonly options: BotProcessOptions) {}

  get env(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      BOT_TOKEN: this.options.token,
      TELEGRAM_API_ROOT: this.options.apiRoot,
      DATABASE_PATH: this.databasePath,
      LOG_LEVEL: "debug",
      DEFAULT_LANGUAGE: "ru",
      CLOCK_FILE: this.clockFile,
      // Stories about flows answer at once, where a person would take seconds: each chat is not
      // held to one message a second. Stories about pacing set the production value (1000).
      OUTBOX_CHAT_INTERVAL_MS: "0",
      ...this.options.env,
    };
  }

  /** Sets the process clock (read through CLOCK_FILE) to this instant; time flows on from it. */
  setClock(at: Date | string): void {
    writeFileSync(this.clockFile, typeof at === "string" ? at : at.toISOString());
  }

  /** The process id while running (for memory readings). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the bot and resolves when it logs that it is running. */
  async start(timeoutMs = 20_000): Promise<void> {
    const from = this.logs.length;
    this.spawn();
    await this.waitForLog((l) => l.msg === "bot running", timeoutMs, "the bot to start", from);
  }

  /** Starts the bot where it is expected to stop by itself; resolves with its exit code. */
  async startUntilExit(timeoutMs = 20_000): Promise<number | null> {
    this.spawn();
    const exited = this.exitPromise;
    if (!exited) throw new Error("bot not started");
    const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs));
    const result = await Promise.race([exited, timer]);
    if (result === "timeout") {
      this.child?.kill("SIGKILL");
      await exited;
      this.child = undefined;
      throw new Error(`bot did not exit within ${timeoutMs} ms:\n${this.rawOutput.slice(-3000)}`);
    }
    this.child = undefined;
    return result;
  }

  private spawn(): void {
    if (this.child) throw new Error("bot already running");
    const child = spawn(
      process.execPath,
      [...PRODUCTION_NODE_FLAGS, ...(this.options.nodeArgs ?? []), MAIN],
      {
        cwd: this.dir,
        env: this.env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    this.child = child;
    this.exited = false;
    this.exitPromise = new Promise((resolveExit) =>
      child.on("exit", (code) => {
        this.exited = true;
        if (this.child === child) this.child = undefined;
        resolveExit(code);
      }),
    );
    let buffer = "";
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      this.rawOutput += text;
      buffer += text;
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          // not a JSON log line (stderr text); kept in rawOutput
        }
        newline = buffer.indexOf("\n");
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
  }

  /** Waits for a log line matching the predicate (including lines already logged since `from`). */
  async waitForLog(
    predicate: (line: LogLine) => boolean,
    timeoutMs = 10_000,
    what = "a log line",
    from = 0,
  ): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.slice(from).find(predicate);
      if (found) return found;
      if (!this.child || this.exited)
        throw new Error(`bot exited while waiting for ${what}:\n${this.rawOutput.slice(-3000)}`);
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; output:\n${this.rawOutput.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** SIGTERM; resolves with the exit code. */
  async stop(timeoutMs = 15_000): Promise<number | null> {
    return this.signal("SIGTERM", timeoutMs);
  }

  /** SIGKILL: a crash. */
  async kill(): Promise<number | null> {
    return this.signal("SIGKILL", 5_000);
  }

  private async signal(signal: NodeJS.Signals, timeoutMs: number): Promise<number | null> {
    const child = this.child;
    if (!child || !this.exitPromise) return null;
    child.kill(signal);
    const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs));
    const result = await Promise.race([this.exitPromise, timer]);
    if (result === "timeout") {
      child.kill("SIGKILL");
      await this.exitPromise;
      this.child = undefined;
      throw new Error(`bot did not exit within ${timeoutMs} ms after ${signal}`);
    }
    this.child = undefined;
    return result;
  }

  /**
   * Starts another bot process on the same database and waits until it exits or `timeoutMs` passes
   * (then it is killed): for a start that must be refused.
   */
  async runAnother(
    timeoutMs = 15_000,
  ): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
    const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, MAIN], {
      cwd: this.dir,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    clearTimeout(timer);
    return { code, stdout, stderr, timedOut };
  }

  /** Runs `npm run admin -- …` equivalent against the same database. */
  async admin(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    const run = promisify(execFile);
    return run(process.execPath, [ADMIN, ...args], { cwd: this.dir, env: this.env });
  }
}
