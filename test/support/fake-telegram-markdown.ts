/**
 * MarkdownV2 and legacy Markdown parsing like Telegram's server: plain text + MessageEntity[]
 * (UTF-16 offsets), strict escaping of reserved characters in MarkdownV2, and Telegram's
 * "Bad Request: can't parse entities: ..." errors. Shared helpers for the HTML parser too.
 */
import type { MessageEntity } from "grammy/types";
import { badRequest, type TelegramApiFailure } from "./fake-telegram-types.js";

/** Plain text plus its entities. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/** An entity under construction. */
export type Draft = { type: string; offset: number; length: number } & Record<string, unknown>;

/** UTF-8 byte offset of a UTF-16 index (Telegram reports byte offsets). */
export const byteOffset = (src: string, i: number): number => Buffer.byteLength(src.slice(0, i), "utf8");
/** 400 "Bad Request: can't parse entities: <what>". */
export const parseError = (what: string): TelegramApiFailure => badRequest(`can't parse entities: ${what}`);

const MDV2_NAMES: Record<string, string> = {
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strikethrough: "Strikethrough",
  spoiler: "Spoiler",
  text_link: "TextUrl",
};

/** Parse MarkdownV2 (strict escaping of reserved characters). */
export function parseMarkdownV2(src: string): FormattedText {
  let out = "";
  const entities: Draft[] = [];
  const stack: { type: string; offset: number; at: number }[] = [];
  let quote: Draft | undefined;
  const toggle = (type: string, at: number): void => {
    const top = stack.at(-1);
    if (top?.type === type) {
      stack.pop();
      if (out.length > top.offset)
        entities.push({ type, offset: top.offset, length: out.length - top.offset });
    } else if (stack.some((s) => s.type === type)) {
      const s = stack.find((x) => x.type === type);
      throw parseError(
        `Can't find end of ${MDV2_NAMES[type]} entity at byte offset ${byteOffset(src, s?.at ?? at)}`,
      );
    } else stack.push({ type, offset: out.length, at });
  };
  /** Read until an unescaped `end`, unescaping `\x`; returns [content, index after end]. */
  const until = (from: number, end: string, name: string, at: number): [string, number] => {
    let s = "";
    for (let j = from; j < src.length; j++) {
      if (src[j] === "\\" && j + 1 < src.length) s += src[++j];
      else if (src.startsWith(end, j)) return [s, j + end.length];
      else s += src[j];
    }
    throw parseError(`Can't find end of ${name} entity at byte offset ${byteOffset(src, at)}`);
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? "";
    const atLineStart = i === 0 || src[i - 1] === "\n";
    if (atLineStart && quote && c !== ">") {
      quote.length = out.length - quote.offset - 1;
      if (quote.length > 0) entities.push(quote);
      quote = undefined;
    }
    if (c === "\\") {
      const n = src[i + 1];
      if (n === undefined)
        throw parseError("Character '\\' is reserved and must be escaped with the preceding '\\'");
      out += n;
      i += 2;
    } else if (c === ">" && atLineStart) {
      quote ??= { type: "blockquote", offset: out.length, length: 0 };
      i++;
    } else if (src.startsWith("```", i)) {
      const [body, next] = until(i + 3, "```", "Pre", i);
      const nl = body.indexOf("\n");
      const lang = nl > 0 && !/\s/.test(body.slice(0, nl)) ? body.slice(0, nl) : "";
      const code = nl >= 0 && (lang || nl === 0) ? body.slice(nl + 1) : body;
      if (code.length > 0) {
        entities.push({
          type: "pre",
          offset: out.length,
          length: code.length,
          ...(lang ? { language: lang } : {}),
        });
      }
      out += code;
      i = next;
    } else if (c === "`") {
      const [code, next] = until(i + 1, "`", "Code", i);
      if (code.length > 0) entities.push({ type: "code", offset: out.length, length: code.length });
      out += code;
      i = next;
    } else if (c === "*") toggle("bold", i++);
    else if (c === "_" && src[i + 1] === "_") {
      toggle("underline", i);
      i += 2;
    } else if (c === "_") toggle("italic", i++);
    else if (c === "~") toggle("strikethrough", i++);
    else if (c === "|" && src[i + 1] === "|") {
      toggle("spoiler", i);
      i += 2;
    } else if (c === "[") {
      stack.push({ type: "text_link", offset: out.length, at: i });
      i++;
    } else if (c === "]" && stack.at(-1)?.type === "text_link" && src[i + 1] === "(") {
      const open = stack.pop();
      const [url, next] = until(i + 2, ")", "TextUrl", i);
      const offset = open?.offset ?? out.length;
      if (out.length > offset) entities.push({ type: "text_link", offset, length: out.length - offset, url });
      i = next;
    } else if ("_*[]()~`>#+-=|{}.!".includes(c)) {
      throw parseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    } else {
      out += c;
      i++;
    }
  }
  const open = stack.at(-1);
  if (open) {
    throw parseError(
      `Can't find end of ${MDV2_NAMES[open.type]} entity at byte offset ${byteOffset(src, open.at)}`,
    );
  }
  if (quote && out.length > quote.offset) entities.push({ ...quote, length: out.length - quote.offset });
  return { text: out, entities: entities as MessageEntity[] };
}

/** Parse legacy Markdown (`*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````, `[text](url)`). */
export function parseMarkdown(src: string): FormattedText {
  let out = "";
  const entities: Draft[] = [];
  let i = 0;
  const fail = (at: number): TelegramApiFailure =>
    parseError(`Can't find end of the entity starting at byte offset ${byteOffset(src, at)}`);
  while (i < src.length) {
    const c = src[i] ?? "";
    if (c === "\\" && "_*`[".includes(src[i + 1] ?? " ")) {
      out += src[i + 1];
      i += 2;
      continue;
    }
    const marker = src.startsWith("```", i) ? "```" : "*_`".includes(c) ? c : "";
    if (marker) {
      const end = src.indexOf(marker, i + marker.length);
      if (end < 0) throw fail(i);
      const body = src.slice(i + marker.length, end);
      const type = { "*": "bold", _: "italic", "`": "code", "```": "pre" }[marker] ?? "bold";
      if (body.length > 0) entities.push({ type, offset: out.length, length: body.length });
      out += body;
      i = end + marker.length;
    } else if (c === "[") {
      const m = /^\[([^\]]*)\]\(([^)]*)\)/.exec(src.slice(i));
      if (!m) throw fail(i);
      const label = m[1] ?? "";
      if (label)
        entities.push({ type: "text_link", offset: out.length, length: label.length, url: m[2] ?? "" });
      out += label;
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, entities: entities as MessageEntity[] };
}
