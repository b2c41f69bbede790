/**
 * What every document generator receives besides its data, and what it gives back. Generators are
 * pure: the data comes read from the domain (`readRoundRecord`, `readParticipantsRecord`), the words
 * from `t`; they touch no database, no clock and no network.
 */
import type { TFunction } from "i18next";

/**
 * A translate function bound to the reader's interface language (i18next's `getFixedT`, or the
 * bot's `ctx.t`). Generators call it with `interpolation: { escapeValue: false }`: a document is
 * not Telegram HTML, so a reason like "a < b & c" must stay as typed.
 */
export type Translate = TFunction;

export interface DocumentContext {
  t: Translate;
  /** The reader's interface language: headings, labels and dates follow it. */
  lang: string;
  /** The official language (ru or en) the round's texts and the names were read in. */
  documentLanguage: string;
  /** When the document is made: its "as of" and the date in its file name. */
  now: number;
}

/** Documents of a review round also say which zone their times are in (the secretariat's, Almaty). */
export interface RoundDocumentContext extends DocumentContext {
  timeZone: string;
}

export interface GeneratedDocument {
  buffer: Buffer;
  /** ASCII only, saying what and when: `Almaty-Process_round-1_compilation_2026-12-02.docx`. */
  fileName: string;
  mimeType: string;
}

export const MIME = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  png: "image/png",
} as const;

/** A key and its values to the text a document shows. */
export type Words = (key: string, values?: Record<string, unknown>) => string;

/** `t` with values inserted as they are (no HTML escaping). */
export function plain(t: Translate): Words {
  return (key, values) => t(key, { ...values, interpolation: { escapeValue: false } });
}
