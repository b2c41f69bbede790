/**
 * The built sandbox (`node dist/sandbox/main.js --port 0`) as a child process, for the tests that
 * use it over HTTP or in a browser: its address, its output, and stopping it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..").replace(/\/dist$/, "");

export interface RunningSandbox {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the sandbox; resolves with the page's address once printed (people may still be joining). */
export async function startSandbox(): Promise<RunningSandbox> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, "dist", "sandbox", "main.js"), "--port", "0"],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (!url) {
    url = /Sandbox page: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (child.exitCode !== null) throw new Error(`the sandbox exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the sandbox printed no address:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
