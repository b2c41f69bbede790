/**
 * The sandbox's web server (node:http, 127.0.0.1 only): the page's static files, a small JSON API
 * over the Sandbox, the live event stream and file downloads. Requests naming another host are
 * refused (a web page elsewhere cannot reach in through DNS tricks), and every change is a POST
 * with a JSON body, which a plain HTML form on another site cannot send.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { projectPath } from "../src/paths.js";
import type { PersonSpec } from "./cast.js";
import { Refusal, type Sandbox } from "./session.js";

const PUBLIC = projectPath("sandbox", "public");
const STATIC: Record<string, string> = {
  "/": "index.html",
  "/app.js": "app.js",
  "/chat.js": "chat.js",
  "/style.css": "style.css",
};
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};
const MAX_JSON = 64 * 1024;
const MAX_FILE = 20 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(json);
}

async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, "That is too large.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
    throw new HttpError(415, "Send JSON (application/json).");
  try {
    const value = JSON.parse((await readRaw(req, MAX_JSON)).toString("utf8")) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof HttpError) throw error;
  }
  throw new HttpError(400, "That is not a JSON object.");
}

/** `attachment; filename=…` that keeps non-ASCII names (RFC 6266). */
function disposition(kind: "attachment" | "inline", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function personSpec(body: Record<string, unknown>): PersonSpec {
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const target = body.target as Record<string, unknown> | null | undefined;
  const kind = target?.kind === "org" ? "org" : "state";
  return {
    firstName: text(body.firstName),
    ...(text(body.lastName) ? { lastName: text(body.lastName) } : {}),
    role: text(body.role) as PersonSpec["role"],
    ...(target && text(target.code) ? { target: { kind, code: text(target.code) } } : {}),
    language: text(body.language),
  };
}

export class SandboxServer {
  private server: Server | undefined;

  constructor(private readonly sandbox: Sandbox) {}

  /** Listens on 127.0.0.1 (`port` 0: any free one); falls back to a free port when `port` is taken. */
  async listen(port: number): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.end();
        if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message });
        if (error instanceof Refusal) return sendJson(res, 409, { error: error.message });
        process.stderr.write(`sandbox: ${req.method} ${req.url} failed: ${String(error)}\n`);
        sendJson(res, 500, { error: "Something went wrong in the sandbox; see its console." });
      });
    });
    this.server = server;
    const tryPort = (p: number) =>
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(p, "127.0.0.1", () => {
          server.off("error", reject);
          resolve();
        });
      });
    try {
      await tryPort(port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || port === 0) throw error;
      await tryPort(0);
    }
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    if (host !== "127.0.0.1" && host !== "localhost")
      throw new HttpError(403, "Open the sandbox at 127.0.0.1.");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    const s = this.sandbox;
    if (req.method === "GET") {
      const file = STATIC[path];
      if (file) return this.serveStatic(res, file);
      if (path === "/api/state") return sendJson(res, 200, s.state());
      if (path === "/api/chats") return sendJson(res, 200, s.chats());
      if (path === "/api/events") return s.live.attach(req, res);
      const chat = /^\/api\/chats\/(\d+)$/.exec(path);
      if (chat) return sendJson(res, 200, s.chat(Number(chat[1])));
      const download = /^\/api\/files\/([\w-]+)$/.exec(path);
      if (download) return this.serveFile(res, download[1] ?? "", url.searchParams.has("inline"));
      throw new HttpError(404, "Not found.");
    }
    if (req.method !== "POST") throw new HttpError(405, "Use GET or POST.");
    const action = /^\/api\/chats\/(\d+)\/(send|press|document)$/.exec(path);
    if (action) {
      const id = Number(action[1]);
      if (action[2] === "document") {
        const name = decodeURIComponent(String(req.headers["x-file-name"] ?? "")).slice(0, 200) || "file";
        const type = String(req.headers["content-type"] ?? "application/octet-stream");
        const message = s.sendDocument(id, name, type, await readRaw(req, MAX_FILE));
        return sendJson(res, 200, { messageId: message.message_id });
      }
      const body = await readJson(req);
      if (action[2] === "send") return sendJson(res, 200, { messageId: s.send(id, body.text).message_id });
      s.press(id, body.messageId, body.data);
      return sendJson(res, 202, { pressed: true });
    }
    if (path === "/api/people") {
      const person = await s.addPerson(personSpec(await readJson(req)));
      return sendJson(res, 200, person);
    }
    if (path === "/api/clock") {
      s.advance((await readJson(req)).advanceMs);
      return sendJson(res, 200, s.state().clock);
    }
    if (path === "/api/reset") {
      await readJson(req);
      void s
        .reset()
        .catch((error: unknown) => process.stderr.write(`sandbox: reset failed: ${String(error)}\n`));
      return sendJson(res, 202, { resetting: true });
    }
    throw new HttpError(404, "Not found.");
  }

  private async serveStatic(res: ServerResponse, file: string): Promise<void> {
    const body = await readFile(join(PUBLIC, file));
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    res.end(body);
  }

  private serveFile(res: ServerResponse, fileId: string, inline: boolean): void {
    const file = this.sandbox.file(fileId);
    if (!file) throw new HttpError(404, "No such file (the sandbox may have been reset).");
    const name = file.filename ?? (file.kind === "photo" ? "picture.png" : "file");
    res.writeHead(200, {
      "content-type": file.mimeType ?? "application/octet-stream",
      "content-length": file.content.length,
      "content-disposition": disposition(inline ? "inline" : "attachment", name),
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    });
    res.end(file.content);
  }
}
