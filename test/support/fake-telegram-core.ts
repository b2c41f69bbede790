/**
 * The HTTP side of the fake Telegram Bot API server: node:http listener on 127.0.0.1, routing of
 * `/bot<token>/<method>` and `/file/bot<token>/<path>`, call recording, latency and scripted
 * failures, Telegram-shaped responses, webhook replies, and `waitFor` re-checked on every change.
 * Test-facing helpers live in the `FakeTelegram` subclass (fake-telegram.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { User, UserFromGetMe } from "grammy/types";
import { Described, type MethodContext } from "./fake-telegram-context.js";
import { FaultInjector, SendLimiter } from "./fake-telegram-limits.js";
import { METHODS } from "./fake-telegram-methods.js";
import { FakeState } from "./fake-telegram-state.js";
import {
  type ApiCall,
  type ApiResponse,
  asRecord,
  Params,
  TelegramApiFailure,
  type UploadedFile,
} from "./fake-telegram-types.js";
import { UpdateQueue } from "./fake-telegram-updates.js";
import { assertWellFormedStrings } from "./fake-telegram-utf8.js";
import { type ParsedBody, parseRequest, readBody } from "./multipart.js";

/** Constructor options of FakeTelegram. */
export interface FakeTelegramOptions {
  token: string;
  botUsername?: string;
  botId?: number;
  botFirstName?: string;
  /** Clock in ms (defaults to Date.now); drives Message.date and limit windows. */
  clock?: () => number;
}

interface Listener {
  check: () => void;
  fail: (err: Error) => void;
}

const NOT_FOUND: ApiResponse = { ok: false, error_code: 404, description: "Not Found" };
const UNAUTHORIZED: ApiResponse = { ok: false, error_code: 401, description: "Unauthorized" };

/** Server core of FakeTelegram: listening, routing, recording, waiting. */
export class FakeTelegramCore {
  readonly token: string;
  /** The bot as it appears in Message.from. */
  readonly botUser: User;
  /** Every Bot API call, in arrival order (wrong-token requests excluded). */
  readonly calls: ApiCall[] = [];
  /** Chats, messages and files (for drivers and deep assertions). */
  readonly state: FakeState;
  protected readonly queue: UpdateQueue;
  protected readonly limiter = new SendLimiter();
  protected readonly faults = new FaultInjector();
  protected readonly ctx: MethodContext;
  protected readonly listeners = new Set<Listener>();
  private server: Server | undefined;
  private root: string | undefined;

  constructor(options: FakeTelegramOptions) {
    this.token = options.token;
    const username = options.botUsername ?? "almaty_process_bot";
    const firstName = options.botFirstName ?? "Almaty Process Bot";
    this.botUser = { id: options.botId ?? 7000000001, is_bot: true, first_name: firstName, username };
    const me: UserFromGetMe = {
      ...this.botUser,
      username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as UserFromGetMe;
    this.state = new FakeState(this.botUser, options.clock ?? Date.now);
    this.queue = new UpdateQueue(
      () => this.changed(),
      (body) => void this.webhookReply(body),
      () => this.state.unix(),
      () => this.state.clock(),
    );
    this.ctx = {
      me,
      bot: this.botUser,
      state: this.state,
      updates: this.queue,
      limiter: this.limiter,
      faults: this.faults,
      commands: new Map(),
      profile: new Map(),
      defaultMenuButton: { type: "default" },
      callbackQueries: new Map(),
      callbackAnswers: [],
    };
  }

  /** Base URL to pass as TELEGRAM_API_ROOT / grammY `apiRoot` (available after start()). */
  get apiRoot(): string {
    if (!this.root) throw new Error("FakeTelegram is not started");
    return this.root;
  }

  /** Listen on 127.0.0.1 with a free port (or the one given); resolves with apiRoot. */
  async start(port = 0): Promise<string> {
    this.queue.resume();
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, toFailure(err));
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.root;
  }

  /** End pending long polls, reject pending waits, close the server and its connections. */
  async stop(): Promise<void> {
    this.queue.stop();
    for (const l of [...this.listeners]) l.fail(new Error("FakeTelegram was stopped"));
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise((r) => setImmediate(r));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Resolve with the first truthy value of `predicate`, re-checked after every call and update. */
  waitFor<T>(
    predicate: () => T | undefined | null | false,
    timeoutMs = 10_000,
    what?: () => string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (): void => {
        this.listeners.delete(listener);
        clearTimeout(timer);
      };
      const listener: Listener = {
        check: () => {
          let value: T | undefined | null | false;
          try {
            value = predicate();
          } catch (err) {
            return listener.fail(err instanceof Error ? err : new Error(String(err)));
          }
          if (value === undefined || value === null || value === false) return;
          done();
          resolve(value);
        },
        fail: (err) => {
          done();
          reject(err);
        },
      };
      this.listeners.add(listener);
      const timer = setTimeout(() => {
        const head = what
          ? `Timed out after ${timeoutMs} ms waiting for ${what()}`
          : `waitFor timed out after ${timeoutMs} ms`;
        listener.fail(new Error(`${head}\n${this.describeCalls()}`));
      }, timeoutMs);
      listener.check();
    });
  }

  /** Recent calls (getUpdates excluded), one per line, for readable failures. */
  describeCalls(count = 12): string {
    const lines = this.calls
      .filter((c) => c.method !== "getUpdates")
      .slice(-count)
      .map((c) => {
        const r = c.response;
        const outcome = !r ? "pending" : r.ok ? "ok" : `${r.error_code} ${r.description}`;
        const target = c.params.chat_id !== undefined ? ` chat_id=${String(c.params.chat_id)}` : "";
        const text = c.params.text ?? c.params.caption;
        return `  ${c.method}${target}${typeof text === "string" ? ` ${JSON.stringify(text.slice(0, 80))}` : ""} -> ${outcome}`;
      });
    return lines.length > 0
      ? `Recent API calls:\n${lines.join("\n")}`
      : "No API calls (besides getUpdates) were made.";
  }

  /** Re-check waitFor predicates (called after every call and update). */
  changed(): void {
    for (const l of [...this.listeners]) l.check();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    const match = /^\/bot([^/]+)\/([^/]*)\/?$/.exec(url.pathname);
    const token = decodeURIComponent(fileMatch?.[1] ?? match?.[1] ?? "");
    if ((!fileMatch && !match) || token !== this.token) {
      await readBody(req).catch(() => undefined);
      return send(res, fileMatch || match ? UNAUTHORIZED : NOT_FOUND);
    }
    if (fileMatch) {
      const file = this.state.fileByPath(decodeURIComponent(fileMatch[2] ?? ""));
      if (!file) return send(res, NOT_FOUND);
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": file.content.length,
      });
      res.end(file.content);
      return;
    }
    const call: ApiCall = { method: match?.[2] ?? "", params: {}, files: [], at: this.state.clock() };
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    let parsed: ParsedBody | undefined;
    try {
      parsed = await parseRequest(req, url);
      call.params = parsed.params;
      call.files = [...parsed.files.values()];
      // Checked after recording, so that a test can see what the refused call carried.
      assertWellFormedStrings(parsed.params);
    } catch (err) {
      parsed = undefined;
      call.response = toFailure(err);
    }
    this.calls.push(call);
    this.changed();
    if (parsed) call.response = await this.execute(call.method, call.params, parsed.files, controller.signal);
    this.changed();
    send(res, call.response ?? NOT_FOUND);
  }

  private async execute(
    method: string,
    params: Record<string, unknown>,
    files: ReadonlyMap<string, UploadedFile>,
    signal: AbortSignal,
  ): Promise<ApiResponse> {
    try {
      if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
      const handler = METHODS.get(method.toLowerCase());
      if (!handler) return NOT_FOUND;
      const scripted = this.faults.take(method);
      if (scripted) throw scripted;
      const result = await handler(this.ctx, new Params(params, files), signal, method);
      if (result instanceof Described)
        return { ok: true, result: result.result, description: result.description };
      return { ok: true, result };
    } catch (err) {
      return toFailure(err);
    }
  }

  /** A webhook answered with a method call in its response body ("webhook reply"). */
  private async webhookReply(body: string): Promise<void> {
    let payload: Record<string, unknown> | undefined;
    try {
      payload = asRecord(JSON.parse(body));
    } catch {
      return;
    }
    if (!payload || typeof payload.method !== "string") return;
    const { method, ...params } = payload;
    const call: ApiCall = { method, params, files: [], at: this.state.clock() };
    this.calls.push(call);
    call.response = await this.execute(method, params, new Map(), new AbortController().signal);
    this.changed();
  }
}

function toFailure(err: unknown): ApiResponse {
  if (err instanceof TelegramApiFailure) return err.toResponse();
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, error_code: 500, description: `Internal Server Error: ${message}` };
}

function send(res: ServerResponse, body: ApiResponse): void {
  if (res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(body.ok ? 200 : body.error_code, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  res.end(json);
}
