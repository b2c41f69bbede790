/**
 * File names of the documents: ASCII, no spaces, saying what and when, so that they sort and read
 * the same in any mail client or file system: `Almaty-Process_round-1_compilation_2026-12-02.docx`.
 */
import { localDateKey } from "../domain/wall-time.js";

export type DocumentSubject = { kind: "round"; id: number } | { kind: "meeting"; id: number };
export type DocumentWhat = "compilation" | "positions" | "tally" | "participants";

/** The file name for a document made at `now`, dated by the calendar day in `timeZone`. */
export function documentFileName(
  subject: DocumentSubject,
  what: DocumentWhat,
  extension: "docx" | "xlsx" | "png",
  now: number,
  timeZone: string,
): string {
  return `Almaty-Process_${subject.kind}-${subject.id}_${what}_${localDateKey(now, timeZone)}.${extension}`;
}
