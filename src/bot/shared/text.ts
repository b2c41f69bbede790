/**
 * Fitting free text (titles, names, reasons) into the room a message or a button has, and keeping
 * a name written right to left from turning the rest of its line around.
 */
import { cutAtGrapheme, shortenText } from "../../domain/free-text.js";

/** Shortens text to `max` characters at a grapheme boundary, ending with an ellipsis. */
export function shorten(text: string, max: number): string {
  return shortenText(text, max);
}

/**
 * Letters of the scripts written right to left (Arabic, Persian, Urdu, Hebrew, Syriac, Thaana,
 * N'Ko, Samaritan, Mandaic, Adlam) and their presentation forms.
 */
const RIGHT_TO_LEFT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;
const FIRST_STRONG_ISOLATE = "\u2068";
const POP_DIRECTIONAL_ISOLATE = "\u2069";

/**
 * Wraps text that contains right-to-left letters in U+2068 … U+2069 (first-strong isolate), so
 * that wherever it stands in a line, the rest of the line keeps its own direction. Other text is
 * returned as it is.
 */
export function isolateDirection(text: string): string {
  return RIGHT_TO_LEFT.test(text) ? `${FIRST_STRONG_ISOLATE}${text}${POP_DIRECTIONAL_ISOLATE}` : text;
}

/**
 * Cuts an HTML message to at most `max` characters at the end of a line (the lines of our views
 * each close their own tags), with an ellipsis: never inside a tag or an entity.
 */
export function cutHtmlAtLine(html: string, max: number): string {
  if (html.length <= max) return html;
  const room = cutAtGrapheme(html, Math.max(0, max - 1));
  const lastBreak = room.lastIndexOf("\n");
  return lastBreak > 0 ? `${room.slice(0, lastBreak)}\n…` : "…";
}
