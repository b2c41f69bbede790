/**
 * Telegram's rule that every string it receives is valid UTF-8, for the fake server. Invalid bytes
 * can come in a JSON or form body; a lone surrogate can come in a JSON body as a `\uD83D` escape,
 * which is what `JSON.stringify` writes for a string cut inside an emoji (grammY sends JSON for every
 * call without a file). Telegram refuses both with 400, and so does the fake, for every string
 * parameter at any depth (texts, captions, button labels, callback data, commands).
 */
import { badRequest, type TelegramApiFailure } from "./fake-telegram-types.js";

/** Telegram's answer to a string that is not valid UTF-8. */
export const notUtf8 = (): TelegramApiFailure => badRequest("strings must be encoded in UTF-8");

// With the `u` flag a surrogate pair is one code point, so this matches unpaired halves only.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const strict = new TextDecoder("utf-8", { fatal: true });

/** Whether a string is well-formed UTF-16, i.e. encodable as UTF-8 (no lone surrogate). */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** Decodes a request body as UTF-8, refusing invalid bytes like Telegram. */
export function decodeUtf8(body: Buffer): string {
  try {
    return strict.decode(body);
  } catch {
    throw notUtf8();
  }
}

/** Throws Telegram's 400 when any string in the parameters (at any depth) has a lone surrogate. */
export function assertWellFormedStrings(value: unknown): void {
  if (typeof value === "string") {
    if (!isWellFormed(value)) throw notUtf8();
  } else if (Array.isArray(value)) {
    for (const item of value) assertWellFormedStrings(item);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      assertWellFormedStrings(key);
      assertWellFormedStrings(item);
    }
  }
}
