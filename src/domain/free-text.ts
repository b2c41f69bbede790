/**
 * Free text people type or bring with them (names, reasons, comments, delegations): what counts
 * as empty, and how such text is cut without breaking a character. Used by the domain rules, the
 * chat and the documents alike, so that all of them agree.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Whitespace and invisible format characters (zero-width space, LRM, word joiner, …). */
const INVISIBLE = /[\s\p{Cf}]/gu;

/** True when nothing visible is left once whitespace and invisible format characters are removed. */
export function isBlank(text: string | null | undefined): boolean {
  return (text ?? "").replace(INVISIBLE, "") === "";
}

/**
 * Cuts text to at most `max` UTF-16 units at a grapheme boundary: never inside an emoji (a lone
 * half of which Telegram refuses as invalid UTF-8), a flag, or a letter with its accents.
 */
export function cutAtGrapheme(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** The first `count` graphemes (what a reader counts as characters) of the text. */
export function firstGraphemes(text: string, count: number): string {
  let out = "";
  let taken = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (taken++ >= count) break;
    out += segment;
  }
  return out;
}

/** Shortens text to at most `max` UTF-16 units, ending with an ellipsis when it was cut. */
export function shortenText(text: string, max: number): string {
  return text.length <= max ? text : `${cutAtGrapheme(text, Math.max(0, max - 1)).trimEnd()}…`;
}
