/**
 * The HTTP client under every Bot API call (grammY's `client.fetch` option): one POST over a
 * kept-alive connection, the answer read whole and parsed as JSON. grammY's default, node-fetch
 * with its WHATWG shims, cost 60–80 µs of CPU per call more, measured over loopback (a bare echo
 * bot went from about 220 to about 150 µs per update); every reply and every outbox send pays it.
 *
 * What grammY asks of `fetch` is narrow, and this serves exactly that: a method, headers, a body
 * that is a JSON string or a multipart stream (uploads), an abort signal (its timeouts and the
 * runner's stop), an agent, and an answer with `json()`. Telegram answers JSON with any status,
 * so a 4xx or 5xx is returned like a 200, for grammY to read `ok` and `error_code`.
 */

import { type Agent, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { ApiClientOptions } from "grammy";

/** An answer larger than this is refused rather than held in memory (getUpdates is far smaller). */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** The abort signal grammY passes: its own shim's, or the platform's; both have these members. */
interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

export interface BotApiRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | Readable | AsyncIterable<Uint8Array>;
  signal?: AbortSignalLike | null;
  agent?: Agent;
}

export interface BotApiAnswer {
  readonly status: number;
  readonly ok: boolean;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** The error an aborted call rejects with (grammY turns it into an HttpError). */
export class BotApiAbortError extends Error {
  override readonly name = "AbortError";
  constructor() {
    super("The Bot API call was aborted");
  }
}

function decoded(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case "":
    case "identity":
      return body;
    case "gzip":
    case "x-gzip":
      return gunzipSync(body);
    case "deflate":
      return inflateSync(body);
    case "br":
      return brotliDecompressSync(body);
    default:
      throw new Error(`the Bot API answered with an unknown content encoding: ${encoding}`);
  }
}

function answer(res: IncomingMessage, body: Buffer): BotApiAnswer {
  const status = res.statusCode ?? 0;
  const text = decoded(body, res.headers["content-encoding"]).toString("utf8");
  return {
    status,
    ok: status >= 200 && status < 300,
    text: async () => text,
    json: async () => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // The body is not quoted: a proxy's error page says nothing useful and may be long.
        throw new Error(`the Bot API answered HTTP ${status} with a body that is not JSON`);
      }
    },
  };
}

interface Target {
  secure: boolean;
  protocol: string;
  hostname: string;
  port: string;
  path: string;
}

/** Parsed request targets: the same few URLs (root, token, method) come back on every call. */
const targets = new Map<string, Target>();

function target(href: string): Target {
  let found = targets.get(href);
  if (!found) {
    const url = new URL(href);
    if (url.username || url.password) throw new Error("the Bot API root must not carry credentials");
    const host = url.hostname;
    found = {
      secure: url.protocol === "https:",
      protocol: url.protocol,
      hostname: host.startsWith("[") ? host.slice(1, -1) : host,
      port: url.port,
      path: `${url.pathname}${url.search}`,
    };
    if (targets.size >= 1_000) targets.clear();
    targets.set(href, found);
  }
  return found;
}

/** Sends one Bot API request; resolves with the whole answer, rejects on a network error or abort. */
export function botApiFetch(url: string | URL, init: BotApiRequestInit = {}): Promise<BotApiAnswer> {
  return new Promise<BotApiAnswer>((resolve, reject) => {
    const href = typeof url === "string" ? url : url.href;
    const signal = init.signal ?? undefined;
    if (signal?.aborted) {
      reject(new BotApiAbortError());
      return;
    }
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      outcome();
    };
    const fail = (error: Error) => settle(() => reject(error));
    const to = target(href);
    const request = to.secure ? httpsRequest : httpRequest;
    const req = request(
      {
        protocol: to.protocol,
        hostname: to.hostname,
        port: to.port,
        path: to.path,
        method: init.method ?? "GET",
        headers: init.headers,
        ...(init.agent ? { agent: init.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) {
            req.destroy();
            fail(new Error(`the Bot API answer exceeded ${MAX_ANSWER_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on("error", fail);
        res.on("aborted", () => fail(new Error("the Bot API connection closed before the answer ended")));
        res.on("end", () => {
          const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
          try {
            const ready = answer(res, body);
            settle(() => resolve(ready));
          } catch (error) {
            fail(error as Error);
          }
        });
      },
    );
    function onAbort() {
      const error = new BotApiAbortError();
      req.destroy(error);
      fail(error);
    }
    signal?.addEventListener("abort", onAbort);
    req.on("error", fail);
    const body = init.body;
    if (body === undefined || typeof body === "string" || body instanceof Uint8Array) {
      req.end(body);
    } else {
      const stream = body instanceof Readable ? body : Readable.from(body);
      stream.on("error", (error) => {
        req.destroy(error);
        fail(error);
      });
      stream.pipe(req);
    }
  });
}

/** grammY client options for the configured API root, with this client underneath. */
export function botApiClientOptions(apiRoot: string): ApiClientOptions {
  // grammY types the option as node-fetch's `fetch`; it calls it only as described above.
  return { apiRoot, fetch: botApiFetch as unknown as NonNullable<ApiClientOptions["fetch"]> };
}
