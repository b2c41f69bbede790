/**
 * Request body parsing for the fake Telegram server: JSON, url-encoded forms, query strings and
 * multipart/form-data uploads. Multipart goes through the built-in `Request#formData()` first; the
 * undici parser in Node 20 rejects grammY's compact part headers (`content-disposition:form-data;
 * name="x"` without spaces, unquoted filenames), so a small tolerant parser takes over when it fails.
 */
import type { IncomingMessage } from "node:http";
import { badRequest, type UploadedFile } from "./fake-telegram-types.js";
import { decodeUtf8 } from "./fake-telegram-utf8.js";

/** Parsed method parameters plus the file parts of a multipart upload keyed by field name. */
export interface ParsedBody {
  params: Record<string, unknown>;
  files: Map<string, UploadedFile>;
}

/** Read the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/**
 * Parse a Bot API request (query string merged with the body, body wins). A JSON or form body must
 * be valid UTF-8 as at Telegram (400 otherwise); lone surrogates escaped in JSON are for the caller
 * to refuse (`assertWellFormedStrings`). Multipart text parts are decoded leniently: grammY's
 * encoder cannot produce invalid UTF-8 there (it writes U+FFFD for a lone surrogate, which
 * Telegram accepts).
 */
export async function parseRequest(req: IncomingMessage, url: URL): Promise<ParsedBody> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files = new Map<string, UploadedFile>();
  const body = await readBody(req);
  const contentType = req.headers["content-type"] ?? "";
  if (body.length === 0) return { params, files };
  if (contentType.includes("application/json")) {
    const text = decodeUtf8(body);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badRequest("can't parse JSON request body");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw badRequest("request body must be a JSON object");
    }
    Object.assign(params, parsed);
  } else if (contentType.includes("application/x-www-form-urlencoded")) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(decodeUtf8(body))));
  } else if (contentType.includes("multipart/form-data")) {
    const parts = await parseMultipart(body, contentType);
    for (const part of parts) {
      if (part.filename === undefined) params[part.name] = part.content.toString("utf8");
      else {
        files.set(part.name, {
          field: part.name,
          filename: part.filename,
          contentType: part.contentType,
          content: part.content,
        });
      }
    }
  }
  return { params, files };
}

/** One part of a multipart/form-data body. `filename` is set for file parts only. */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType: string;
  content: Buffer;
}

/** Parse a multipart/form-data body: built-in parser first, tolerant fallback second. */
export async function parseMultipart(body: Buffer, contentType: string): Promise<MultipartPart[]> {
  try {
    const form = await new Request("http://fake.invalid/", {
      method: "POST",
      headers: { "content-type": contentType },
      body,
      duplex: "half",
    } as RequestInit).formData();
    const parts: MultipartPart[] = [];
    for (const [name, value] of form) {
      if (typeof value === "string")
        parts.push({ name, contentType: "text/plain", content: Buffer.from(value) });
      else {
        parts.push({
          name,
          filename: value.name,
          contentType: value.type || "application/octet-stream",
          content: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return parts;
  } catch {
    return parseMultipartTolerant(body, contentType);
  }
}

/** Split a content-disposition-like header value into its parameters (quoted or bare values). */
function headerParams(value: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const m of value.matchAll(re)) {
    const key = (m[1] ?? "").toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "").trim();
    if (key.endsWith("*")) {
      const star = /^[^']*'[^']*'(.*)$/.exec(v);
      v = decodeURIComponent(star?.[1] ?? v);
      out.set(key.slice(0, -1), v);
    } else if (!out.has(key)) out.set(key, v);
  }
  return out;
}

/** A lenient RFC 7578 parser accepting grammY's header style. */
export function parseMultipartTolerant(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = headerParams(`x;${contentType.split(";").slice(1).join(";")}`).get("boundary");
  if (!boundary) throw badRequest("multipart boundary is missing");
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw badRequest("can't parse multipart body");
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    if (body.subarray(start, start + 2).toString() === "\r\n") start += 2;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw badRequest("can't parse multipart body: missing closing boundary");
    let end = next;
    if (body.subarray(end - 2, end).toString() === "\r\n") end -= 2;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headerText = headerEnd < 0 ? part.toString("utf8") : part.subarray(0, headerEnd).toString("utf8");
    const content = headerEnd < 0 ? Buffer.alloc(0) : Buffer.from(part.subarray(headerEnd + 4));
    const headers = new Map<string, string>();
    for (const line of headerText.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headerParams(headers.get("content-disposition") ?? "");
    const name = disposition.get("name");
    if (name !== undefined) {
      const filename = disposition.get("filename");
      parts.push({
        name,
        ...(filename !== undefined ? { filename } : {}),
        contentType:
          headers.get("content-type") ?? (filename !== undefined ? "application/octet-stream" : "text/plain"),
        content,
      });
    }
    pos = next;
  }
  return parts;
}
