/**
 * Fitting free text (titles, names, reasons) into the room a message or a button has.
 */

/** Shortens text to `max` characters, ending with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
