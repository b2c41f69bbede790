/**
 * WAL checkpoints on a worker thread of their own, off the event loop.
 *
 * SQLite copies the write-ahead log back into the database file once the log passes a size (by
 * default 1,000 pages), inside the commit that crossed it, and with `synchronous = NORMAL` that
 * copy ends in an fsync. Measured under load (10,000 updates, commit times): half the commits took
 * under 0.04 ms, but one in a hundred took 4–8 ms and one 233 ms, and that 1% was 40% of all the
 * time spent committing. Every update in flight waits while the event loop is blocked in it.
 *
 * Here the bot's connection leaves checkpoints to a worker with a connection of its own, which
 * runs a PASSIVE checkpoint every `intervalMs`: it copies what no reader still needs, never waits
 * for a lock and never blocks the bot's writes. The bot's own connection keeps a far larger
 * automatic threshold as a safety net, so that the log stays bounded if the worker lags or dies.
 * The worker is stopped before the database is closed (the last connection to close checkpoints
 * what is left and removes the log).
 */
import { once } from "node:events";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type SQLite from "better-sqlite3";

/** The bot's own connection checkpoints only past this many pages (64 MB of 4 KB pages). */
const SAFETY_NET_PAGES = 16_000;
/** After a checkpoint lets the log start over, its file is cut back to this size. */
const LOG_FILE_LIMIT_BYTES = 64 * 2 ** 20;

// Plain CommonJS, run with `eval`: it needs no build step of its own and no path to a compiled file.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
let timer;
const tick = () => {
  try {
    const [row] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ kind: "checkpoint", busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ kind: "error", message: String((error && error.message) || error) });
  }
  timer = setTimeout(tick, workerData.intervalMs);
};
timer = setTimeout(tick, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointResult {
  /** Pages in the log when the checkpoint ran. */
  log: number;
  /** Pages of it copied into the database file. */
  checkpointed: number;
}

export interface Checkpointer {
  /** Stops the worker and closes its connection; call before closing the database. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  onCheckpoint?: (result: CheckpointResult) => void;
  /** A checkpoint failed, or the worker stopped on its own; the safety net still holds. */
  onProblem?: (message: string) => void;
}

/** Moves checkpoints of the database at `path` (open on `sqlite`, in WAL mode) to a worker. */
export function startCheckpointer(
  sqlite: SQLite.Database,
  path: string,
  options: CheckpointerOptions = {},
): Checkpointer {
  sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${LOG_FILE_LIMIT_BYTES}`);
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver, path, intervalMs: options.intervalMs ?? 200 },
  });
  let stopping = false;
  let exited = false;
  worker.on("message", (message: { kind: string; message?: string } & CheckpointResult) => {
    if (message.kind === "checkpoint") options.onCheckpoint?.(message);
    else options.onProblem?.(message.message ?? "checkpoint failed");
  });
  worker.on("error", (error) => options.onProblem?.(`checkpoint worker failed: ${error.message}`));
  worker.on("exit", (code) => {
    exited = true;
    if (!stopping) {
      options.onProblem?.(`checkpoint worker exited (${code})`);
      // Back to SQLite's own checkpoints, inside commits, as before.
      if (sqlite.open) sqlite.pragma("wal_autocheckpoint = 1000");
    }
  });
  // A worker never keeps the process alive on its own.
  worker.unref();
  return {
    async stop() {
      if (stopping || exited) return;
      stopping = true;
      // Waited for: the process stays up until the worker has closed its connection.
      worker.ref();
      const exit = once(worker, "exit");
      worker.postMessage("stop");
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(resolve, 2_000);
      });
      const done = await Promise.race([exit.then(() => true), timeout]);
      clearTimeout(timer);
      if (done !== true) await worker.terminate();
    },
  };
}
