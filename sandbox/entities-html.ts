/**
 * A message's text and entities (UTF-16 offsets, as the Bot API gives them) as the HTML a Telegram
 * client would show: bold, italic, underline, strike, spoilers, code, pre, links, quotes, commands.
 * Everything is escaped; entities that cross each other are closed and reopened, so the markup
 * always nests. Links keep only http(s), mailto and tg addresses.
 */
import type { MessageEntity } from "grammy/types";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  if (/^(https?|tg):\/\//i.test(trimmed) || /^mailto:/i.test(trimmed)) return trimmed;
  if (/^www\./i.test(trimmed)) return `http://${trimmed}`;
  return undefined;
}

function link(href: string | undefined): [string, string] {
  if (!href) return ["<span>", "</span>"];
  return [`<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">`, "</a>"];
}

/** Opening and closing markup of one entity over `text` (the entity's own text). */
function tags(e: MessageEntity, text: string): [string, string] {
  switch (e.type) {
    case "bold":
      return ["<b>", "</b>"];
    case "italic":
      return ["<i>", "</i>"];
    case "underline":
      return ["<u>", "</u>"];
    case "strikethrough":
      return ["<s>", "</s>"];
    case "spoiler":
      return ['<span class="spoiler" tabindex="0" title="Spoiler: tap to show">', "</span>"];
    case "code":
      return ["<code>", "</code>"];
    case "pre":
      return [e.language ? `<pre data-language="${escapeHtml(e.language)}">` : "<pre>", "</pre>"];
    case "blockquote":
      return ["<blockquote>", "</blockquote>"];
    case "expandable_blockquote":
      return ['<blockquote class="expandable">', "</blockquote>"];
    case "text_link":
      return link(safeHref(e.url));
    case "url":
      return link(safeHref(text));
    case "email":
      return link(`mailto:${text}`);
    case "bot_command":
      return [`<a href="#" class="command" data-command="${escapeHtml(text)}">`, "</a>"];
    case "mention":
    case "hashtag":
    case "cashtag":
    case "text_mention":
      return [`<span class="${e.type.replace("_", "-")}">`, "</span>"];
    default:
      return ["", ""];
  }
}

interface Open {
  entity: MessageEntity;
  end: number;
  close: string;
  open: string;
}

/** The HTML of a text with its entities. */
export function entitiesToHtml(text: string, entities: readonly MessageEntity[] = []): string {
  const valid = entities
    .filter((e) => e.length > 0 && e.offset >= 0 && e.offset + e.length <= text.length)
    .slice()
    // Outer first: earlier start, then longer.
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  const stops = new Set<number>([0, text.length]);
  for (const e of valid) {
    stops.add(e.offset);
    stops.add(e.offset + e.length);
  }
  const positions = [...stops].sort((a, b) => a - b);
  const stack: Open[] = [];
  let next = 0;
  let html = "";
  for (const [i, pos] of positions.entries()) {
    // Close what ends here; anything opened inside it is closed first and reopened after.
    const ending = stack.filter((o) => o.end === pos);
    if (ending.length > 0) {
      const lowest = stack.indexOf(ending[0] as Open);
      const above = stack.splice(lowest);
      for (const o of [...above].reverse()) html += o.close;
      for (const o of above) {
        if (o.end === pos) continue;
        html += o.open;
        stack.push(o);
      }
    }
    while (next < valid.length && valid[next]?.offset === pos) {
      const e = valid[next++] as MessageEntity;
      const [open, close] = tags(e, text.slice(e.offset, e.offset + e.length));
      html += open;
      stack.push({ entity: e, end: e.offset + e.length, open, close });
    }
    const until = positions[i + 1];
    if (until !== undefined) html += escapeHtml(text.slice(pos, until));
  }
  for (const o of stack.reverse()) html += o.close;
  return html;
}
