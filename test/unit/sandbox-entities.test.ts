/**
 * The sandbox page's rendering of Telegram message entities as HTML: every kind the bot uses,
 * nesting and crossing entities, UTF-16 offsets, escaping, and links that cannot run script.
 */
import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { entitiesToHtml } from "../../sandbox/entities-html.js";
import { parseHtml } from "../support/fake-telegram-entities.js";

/** What the fake server stores for a bot's HTML text, rendered back for the page. */
const roundTrip = (html: string) => {
  const f = parseHtml(html);
  return entitiesToHtml(f.text, f.entities);
};

describe("entitiesToHtml", () => {
  it("renders the formatting the bot sends through parse_mode HTML", () => {
    expect(roundTrip("<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <code>x &lt; y</code>")).toBe(
      "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <code>x &lt; y</code>",
    );
    expect(roundTrip('<pre><code class="language-ts">let a = 1;</code></pre>')).toBe(
      '<pre data-language="ts">let a = 1;</pre>',
    );
    expect(roundTrip("<tg-spoiler>secret</tg-spoiler>")).toMatch(
      /^<span class="spoiler"[^>]*>secret<\/span>$/,
    );
    expect(roundTrip("<blockquote>quoted</blockquote>")).toBe("<blockquote>quoted</blockquote>");
    expect(roundTrip('<a href="https://example.org/a?b=1&amp;c=2">link</a>')).toBe(
      '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">link</a>',
    );
  });

  it("keeps nesting, and closes and reopens entities that cross", () => {
    expect(roundTrip("<b>bold <i>both</i></b>")).toBe("<b>bold <i>both</i></b>");
    const crossing: MessageEntity[] = [
      { type: "bold", offset: 0, length: 4 },
      { type: "italic", offset: 2, length: 4 },
    ];
    expect(entitiesToHtml("abcdef", crossing)).toBe("<b>ab<i>cd</i></b><i>ef</i>");
  });

  it("counts offsets in UTF-16 units, as the Bot API does", () => {
    const text = "✅ 👍 done";
    expect(entitiesToHtml(text, [{ type: "bold", offset: 5, length: 4 }])).toBe("✅ 👍 <b>done</b>");
  });

  it("escapes the text and never links to a script", () => {
    expect(entitiesToHtml('<img src=x onerror="alert(1)">')).toBe(
      "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;",
    );
    const evil: MessageEntity[] = [{ type: "text_link", offset: 0, length: 5, url: "javascript:alert(1)" }];
    expect(entitiesToHtml("click", evil)).toBe("<span>click</span>");
  });

  it("makes commands pressable and detected addresses links", () => {
    const f = { text: "Send /review or see www.example.org", entities: [] as MessageEntity[] };
    f.entities.push({ type: "bot_command", offset: 5, length: 7 }, { type: "url", offset: 20, length: 15 });
    expect(entitiesToHtml(f.text, f.entities)).toBe(
      'Send <a href="#" class="command" data-command="/review">/review</a> or see ' +
        '<a href="http://www.example.org" target="_blank" rel="noopener noreferrer">www.example.org</a>',
    );
  });

  it("ignores entities outside the text", () => {
    expect(entitiesToHtml("short", [{ type: "bold", offset: 3, length: 10 }])).toBe("short");
  });
});
