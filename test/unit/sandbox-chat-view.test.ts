/**
 * What the sandbox page is given for a message: sender side, formatted text or caption, edit mark,
 * inline buttons by kind, the largest size of a picture, the file of a document; reply keyboards.
 */
import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { pageMessage, pageReplyKeyboard } from "../../sandbox/chat-view.js";

const BOT = 7;
const chat = { id: 42, type: "private", first_name: "Aigerim" } as const;
const bot = { id: BOT, is_bot: true, first_name: "Bot" };
const person = { id: 42, is_bot: false, first_name: "Aigerim" };

describe("pageMessage", () => {
  it("draws the bot's text with its entities, its buttons by kind, and the edit", () => {
    const m = {
      message_id: 5,
      date: 1_800_000_000,
      edit_date: 1_800_000_060,
      chat,
      from: bot,
      text: "Item 1 of 9",
      entities: [{ type: "bold", offset: 0, length: 6 }],
      reply_markup: {
        inline_keyboard: [
          [
            { text: "✅ Support", callback_data: "rv:1:1:s" },
            { text: "Open", url: "https://example.org" },
          ],
          [{ text: "Copy", copy_text: { text: "x" } }],
        ],
      },
    } as unknown as Message;
    expect(pageMessage(m, BOT)).toEqual({
      id: 5,
      out: false,
      html: "<b>Item 1</b> of 9",
      date: 1_800_000_000_000,
      edited: true,
      keyboard: [
        [
          { text: "✅ Support", kind: "callback", data: "rv:1:1:s" },
          { text: "Open", kind: "url", url: "https://example.org" },
        ],
        [{ text: "Copy", kind: "other" }],
      ],
    });
  });

  it("gives the largest size of a picture, the file of a document, and the caption as text", () => {
    const photo = {
      message_id: 6,
      date: 1,
      chat,
      from: bot,
      photo: [
        { file_id: "small", file_unique_id: "s", width: 90, height: 60 },
        { file_id: "full", file_unique_id: "f", width: 900, height: 600 },
      ],
      caption: "Tally",
    } as unknown as Message;
    expect(pageMessage(photo, BOT)).toMatchObject({
      html: "Tally",
      photo: { fileId: "full", width: 900, height: 600 },
    });
    const doc = {
      message_id: 7,
      date: 1,
      chat,
      from: bot,
      document: {
        file_id: "d",
        file_unique_id: "u",
        file_name: "round.csv",
        mime_type: "text/csv",
        file_size: 12,
      },
    } as unknown as Message;
    expect(pageMessage(doc, BOT).document).toEqual({
      fileId: "d",
      name: "round.csv",
      mimeType: "text/csv",
      size: 12,
    });
  });

  it("puts the person's own messages on their side and names content it does not draw", () => {
    const own = { message_id: 8, date: 1, chat, from: person, text: "/review" } as Message;
    expect(pageMessage(own, BOT)).toMatchObject({ out: true, html: "/review" });
    const sticker = {
      message_id: 9,
      date: 1,
      chat,
      from: person,
      sticker: {
        file_id: "s",
        file_unique_id: "s",
        type: "regular",
        width: 1,
        height: 1,
        is_animated: false,
        is_video: false,
      },
    } as unknown as Message;
    expect(pageMessage(sticker, BOT).html).toBe("<i>[sticker]</i>");
  });
});

describe("pageReplyKeyboard", () => {
  it("gives the rows' labels, whether it hides after use, and the field's placeholder", () => {
    expect(pageReplyKeyboard(undefined)).toBeUndefined();
    expect(
      pageReplyKeyboard({
        keyboard: [[{ text: "Yes" }, { text: "No" }], [{ text: "Later" }]],
        one_time_keyboard: true,
        input_field_placeholder: "Answer",
      }),
    ).toEqual({ rows: [["Yes", "No"], ["Later"]], oneTime: true, placeholder: "Answer" });
  });
});
