/**
 * Shared types of the fake Telegram Bot API server: Telegram-shaped errors, the records tests
 * inspect (API calls, callback answers, uploaded files) and a tolerant accessor for method
 * parameters, which arrive as JSON values, form strings or query strings exactly like at Telegram.
 */
import type { CallbackQuery, ResponseParameters } from "grammy/types";

/** An error answered like Telegram does: HTTP status = error_code, body `{ ok:false, ... }`. */
export class TelegramApiFailure extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = "TelegramApiFailure";
  }

  /** The JSON body Telegram would send. */
  toResponse(): ApiErrorResponse {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

/** 400 "Bad Request: <what>". */
export const badRequest = (what: string): TelegramApiFailure =>
  new TelegramApiFailure(400, `Bad Request: ${what}`);

/** 403 "Forbidden: <what>". */
export const forbidden = (what: string): TelegramApiFailure =>
  new TelegramApiFailure(403, `Forbidden: ${what}`);

/** 429 "Too Many Requests: retry after N" with `parameters.retry_after`. */
export const tooManyRequests = (retryAfter: number): TelegramApiFailure =>
  new TelegramApiFailure(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

/** A successful Telegram response body. */
export interface ApiOkResponse {
  ok: true;
  result: unknown;
  description?: string;
}

/** A failed Telegram response body. */
export interface ApiErrorResponse {
  ok: false;
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

/** Either Telegram response body. */
export type ApiResponse = ApiOkResponse | ApiErrorResponse;

/** A file part of a multipart upload. */
export interface UploadedFile {
  /** Form field name (grammY uses a random id referenced as `attach://<id>`). */
  field: string;
  filename: string;
  /** Content type of the part as sent (grammY always sends application/octet-stream). */
  contentType: string;
  content: Buffer;
}

/** One recorded Bot API call. `response` is set once the call has been answered. */
export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  files: UploadedFile[];
  at: number;
  response?: ApiResponse;
}

/** What the bot answered to a callback query (answerCallbackQuery). */
export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert: boolean;
  url?: string;
  cache_time?: number;
  at: number;
  /** The query that was answered. */
  query: CallbackQuery;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Narrow an unknown value to a plain object. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return isRecord(v) ? v : undefined;
}

/** Typed, Telegram-tolerant access to method parameters (numbers and objects may arrive as strings). */
export class Params {
  constructor(
    readonly raw: Record<string, unknown>,
    readonly files: ReadonlyMap<string, UploadedFile> = new Map(),
  ) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== "";
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  }

  int(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === "") return undefined;
    const n = typeof v === "number" ? v : Number(v);
    if (!Number.isInteger(n)) throw badRequest(`invalid ${name} specified`);
    return n;
  }

  bool(name: string): boolean {
    const v = this.raw[name];
    return v === true || v === "true" || v === "1" || v === 1;
  }

  /** A JSON-serialised-object parameter (object in JSON bodies, string in forms). */
  json(name: string, onError = `can't parse ${name} JSON object`): unknown {
    const v = this.raw[name];
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw badRequest(onError);
    }
  }

  /** chat_id: an integer, or "@username" for public chats. */
  chatId(name = "chat_id"): number | string {
    const v = this.raw[name];
    if (v === undefined || v === null || v === "") throw badRequest(`${name} is empty`);
    if (typeof v === "number") return v;
    const s = String(v).trim();
    if (/^-?\d+$/.test(s)) return Number(s);
    return s;
  }
}
