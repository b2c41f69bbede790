/**
 * Formatting like Telegram does it server-side: `parse_mode` HTML (and MarkdownV2 / Markdown via
 * fake-telegram-markdown.ts) becomes plain text + MessageEntity[] (UTF-16 offsets), malformed markup
 * is rejected with "Bad Request: can't parse entities: ...", text is trimmed, and urls, mentions,
 * hashtags, emails and bot commands are detected automatically.
 */
import type { MessageEntity } from "grammy/types";
import {
  byteOffset,
  type Draft,
  type FormattedText,
  parseError,
  parseMarkdown,
  parseMarkdownV2,
} from "./fake-telegram-markdown.js";
import { badRequest } from "./fake-telegram-types.js";
import { notUtf8 } from "./fake-telegram-utf8.js";

export type { FormattedText } from "./fake-telegram-markdown.js";

const HTML_TAGS: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
};

/**
 * The character an HTML entity stands for; undefined for a code point that is no character (0 or
 * past U+10FFFF), which Telegram leaves as literal text. A surrogate code point would put a lone
 * surrogate in the text: refused as invalid UTF-8.
 */
function decodeEntity(name: string): string | undefined {
  const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
  if (!name.startsWith("#")) return named[name];
  const code = name.startsWith("#x")
    ? Number.parseInt(name.slice(2), 16)
    : Number.parseInt(name.slice(1), 10);
  if (code === 0 || code > 0x10ffff) return undefined;
  if (code >= 0xd800 && code <= 0xdfff) throw notUtf8();
  return String.fromCodePoint(code);
}

/** Parse Telegram's HTML subset. */
export function parseHtml(src: string): FormattedText {
  let out = "";
  const entities: Draft[] = [];
  const stack: { tag: string; offset: number; entity: Draft | undefined }[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === "&") {
      const m = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|lt|gt|amp|quot);/i.exec(src.slice(i, i + 12));
      const decoded = m ? decodeEntity((m[1] ?? "").toLowerCase()) : undefined;
      out += decoded ?? "&";
      i += decoded !== undefined && m ? m[0].length : 1;
      continue;
    }
    if (ch !== "<") {
      out += ch;
      i++;
      continue;
    }
    const rest = src.slice(i);
    if (rest.startsWith("</")) {
      const m = /^<\/([a-zA-Z0-9-]*)\s*>/.exec(rest);
      if (!m) throw parseError(`Unclosed end tag at byte offset ${byteOffset(src, i)}`);
      const top = stack.pop();
      if (!top) throw parseError(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
      const name = (m[1] ?? "").toLowerCase();
      if (name !== "" && name !== top.tag) {
        throw parseError(`Can't find end tag corresponding to start tag "${top.tag}"`);
      }
      if (top.entity && out.length > top.offset) {
        top.entity.length = out.length - top.offset;
        entities.push(top.entity);
      }
      i += m[0].length;
      continue;
    }
    const m =
      /^<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/.exec(
        rest,
      );
    if (!m) throw parseError(`Unexpected end of name token at byte offset ${byteOffset(src, i + 1)}`);
    const tag = (m[1] ?? "").toLowerCase();
    const type = HTML_TAGS[tag];
    if (!type) throw parseError(`Unsupported start tag "${tag}" at byte offset ${byteOffset(src, i)}`);
    const attrs = new Map<string, string>();
    for (const a of (m[2] ?? "").matchAll(/([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
      attrs.set((a[1] ?? "").toLowerCase(), parseHtml(a[2] ?? a[3] ?? a[4] ?? "").text);
    }
    if (tag === "span" && attrs.get("class") !== "tg-spoiler") {
      throw parseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, i)}`);
    }
    const base: Draft = { type, offset: out.length, length: 0 };
    if (tag === "blockquote" && attrs.has("expandable")) base.type = "expandable_blockquote";
    if (tag === "tg-emoji") base.custom_emoji_id = attrs.get("emoji-id") ?? "";
    if (tag === "a") base.url = attrs.get("href");
    let entity: Draft | undefined = tag === "a" && !attrs.get("href") ? undefined : base;
    const parent = stack.at(-1);
    if (tag === "code" && parent?.tag === "pre" && parent.entity && parent.offset === out.length) {
      const lang = /^language-(.+)$/.exec(attrs.get("class") ?? "")?.[1];
      if (lang) parent.entity.language = lang;
      entity = undefined;
    }
    stack.push({ tag, offset: out.length, entity });
    i += m[0].length;
  }
  const open = stack.at(-1);
  if (open) throw parseError(`Can't find end tag corresponding to start tag "${open.tag}"`);
  return { text: out, entities: entities as MessageEntity[] };
}

const AUTO_PATTERNS: [string, RegExp][] = [
  ["url", /(?:https?:\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?'")\]]/gi],
  ["email", /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/gi],
  ["bot_command", /(?<=^|\s)\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])/g],
  ["mention", /(?<![\w@])@[A-Za-z0-9_]{4,32}(?!\w)/g],
  ["hashtag", /(?<![\w#])#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*/gu],
];

/** Entities Telegram detects by itself (urls, emails, bot commands, mentions, hashtags). */
export function detectEntities(text: string, existing: readonly MessageEntity[] = []): MessageEntity[] {
  const taken: { offset: number; length: number }[] = existing.filter((e) =>
    ["code", "pre", "text_link", "url", "email", "mention", "bot_command", "hashtag"].includes(e.type),
  );
  const found: MessageEntity[] = [];
  for (const [type, re] of AUTO_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const offset = m.index ?? 0;
      const length = m[0].length;
      if (taken.some((t) => offset < t.offset + t.length && t.offset < offset + length)) continue;
      taken.push({ offset, length });
      found.push({ type, offset, length } as MessageEntity);
    }
  }
  return found;
}

const sortEntities = (list: MessageEntity[]): MessageEntity[] =>
  list.sort((a, b) => a.offset - b.offset || b.length - a.length);

/** Trim leading/trailing whitespace like Telegram, shifting and clipping entities. */
function trim(f: FormattedText): FormattedText {
  const lead = f.text.length - f.text.trimStart().length;
  const text = f.text.trim();
  const entities: MessageEntity[] = [];
  for (const e of f.entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(text.length, e.offset + e.length - lead);
    if (end > start) entities.push({ ...e, offset: start, length: end - start });
  }
  return { text, entities };
}

/** Turn (text, parse_mode | entities) into what Telegram stores, or throw its 400 error. */
export function formatText(raw: string, parseMode?: string, explicit?: unknown): FormattedText {
  let f: FormattedText;
  if (Array.isArray(explicit)) {
    const entities = explicit.filter(
      (e): e is MessageEntity =>
        typeof e === "object" && e !== null && "type" in e && "offset" in e && "length" in e,
    );
    f = { text: raw, entities: entities.filter((e) => e.offset >= 0 && e.offset + e.length <= raw.length) };
  } else {
    const mode = (parseMode ?? "").toLowerCase();
    if (mode === "html") f = parseHtml(raw);
    else if (mode === "markdownv2") f = parseMarkdownV2(raw);
    else if (mode === "markdown") f = parseMarkdown(raw);
    else if (mode === "") f = { text: raw, entities: [] };
    else throw badRequest(`unsupported parse_mode`);
  }
  f = trim(f);
  return { text: f.text, entities: sortEntities([...f.entities, ...detectEntities(f.text, f.entities)]) };
}
