/**
 * Tests of the fake Telegram Bot API server and its test driver, through grammY's real `Api`
 * client and a tiny real bot run with @grammyjs/runner / bot.start(): response shapes, errors,
 * formatting, edits, long polling with offsets, duplicates, webhooks, uploads/downloads, callback
 * buttons, fault injection and flood limits.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { run } from "@grammyjs/runner";
import { Api, Bot, GrammyError, InlineKeyboard, InputFile } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.js";
import { TINY_PNG } from "../support/fake-telegram-media.js";

const TOKEN = "123456:TEST-token_abc";

let fake: FakeTelegram;
let api: Api;

beforeEach(async () => {
  fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  api = new Api(TOKEN, { apiRoot: fake.apiRoot });
});

afterEach(async () => {
  await fake.stop();
});

async function apiError(p: Promise<unknown>): Promise<GrammyError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(err)}`);
  return err;
}

async function rawPost(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${fake.apiRoot}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe("responses and errors", () => {
  it("answers getMe, 401 for a wrong token and 404 for unknown methods, like Telegram", async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({
      id: 7000000001,
      is_bot: true,
      username: "almaty_process_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    });
    expect(await rawPost("/bot999:wrong/getMe", {})).toEqual({
      status: 401,
      json: { ok: false, error_code: 401, description: "Unauthorized" },
    });
    expect(await rawPost(`/bot${TOKEN}/noSuchMethod`, {})).toEqual({
      status: 404,
      json: { ok: false, error_code: 404, description: "Not Found" },
    });
    expect(fake.callsOf("getme")).toHaveLength(1);
  });

  it("rejects unknown chats, conversations never started, and users who blocked the bot", async () => {
    expect((await apiError(api.sendMessage(42, "hi"))).description).toBe("Bad Request: chat not found");
    const alice = fake.user({ id: 101, first_name: "Alice", language_code: "en" });
    const never = await apiError(api.sendMessage(101, "hi"));
    expect([never.error_code, never.description]).toEqual([
      403,
      "Forbidden: bot can't initiate conversation with a user",
    ]);
    alice.send("hello");
    alice.block();
    const blocked = await apiError(api.sendMessage(101, "hi"));
    expect([blocked.error_code, blocked.description]).toEqual([
      403,
      "Forbidden: bot was blocked by the user",
    ]);
    expect(fake.updates.at(-1)?.my_chat_member?.new_chat_member.status).toBe("kicked");
    alice.unblock();
    const sent = await api.sendMessage(101, "welcome back");
    expect(sent).toMatchObject({
      message_id: 2,
      from: { id: 7000000001, is_bot: true },
      chat: { id: 101, type: "private", first_name: "Alice" },
      text: "welcome back",
    });
    expect(typeof sent.date).toBe("number");
  });

  it("parses HTML and MarkdownV2 into entities and rejects malformed markup", async () => {
    fake.user({ id: 5, first_name: "Bo", started: true });
    const html = await api.sendMessage(5, "<b>Hi</b> &lt;you&gt; see https://example.org", {
      parse_mode: "HTML",
    });
    expect(html.text).toBe("Hi <you> see https://example.org");
    expect(html.entities).toEqual([
      { type: "bold", offset: 0, length: 2 },
      { type: "url", offset: 13, length: 19 },
    ]);
    const md = await api.sendMessage(5, "*bold* and [link](https://a.b/c) 1\\.", {
      parse_mode: "MarkdownV2",
    });
    expect(md.text).toBe("bold and link 1.");
    expect(md.entities).toEqual([
      { type: "bold", offset: 0, length: 4 },
      { type: "text_link", offset: 9, length: 4, url: "https://a.b/c" },
    ]);
    const bad = await apiError(api.sendMessage(5, "a <b>b", { parse_mode: "HTML" }));
    expect(bad.description).toMatch(/^Bad Request: can't parse entities: Can't find end tag/);
    const reserved = await apiError(api.sendMessage(5, "1.5", { parse_mode: "MarkdownV2" }));
    expect(reserved.description).toContain("Character '.' is reserved");
    expect((await apiError(api.sendMessage(5, "   "))).description).toBe(
      "Bad Request: message text is empty",
    );
  });

  it("edits like Telegram: keyboard dropped unless given, not-modified and not-found errors", async () => {
    fake.user({ id: 7, first_name: "Cy", started: true });
    const kb = new InlineKeyboard().text("Yes", "y").text("No", "n");
    const m = await api.sendMessage(7, "Question?", { reply_markup: kb });
    expect(m.reply_markup?.inline_keyboard[0]?.map((b) => b.text)).toEqual(["Yes", "No"]);
    const kept = await api.editMessageText(7, m.message_id, "Question (2)?", { reply_markup: kb });
    expect(kept).toMatchObject({ text: "Question (2)?", reply_markup: kb });
    const same = await apiError(api.editMessageText(7, m.message_id, "Question (2)?", { reply_markup: kb }));
    expect(same.description).toMatch(/^Bad Request: message is not modified: /);
    const dropped = await api.editMessageText(7, m.message_id, "Answered");
    expect(dropped).toMatchObject({ text: "Answered", edit_date: expect.any(Number) });
    expect(dropped !== true && dropped.reply_markup).toBeUndefined();
    const markup = await api.editMessageReplyMarkup(7, m.message_id, { reply_markup: kb });
    expect(markup !== true && markup.reply_markup).toEqual(kb);
    const missing = await apiError(api.editMessageText(7, 999, "x"));
    expect(missing.description).toBe("Bad Request: message to edit not found");
    expect(fake.messagesTo(7).map((x) => x.text)).toEqual(["Answered"]);
    const badData = await apiError(
      api.sendMessage(7, "x", { reply_markup: new InlineKeyboard().text("A", "a".repeat(65)) }),
    );
    expect(badData.description).toBe("Bad Request: BUTTON_DATA_INVALID");
  });

  it("records commands per scope and language", async () => {
    await api.setMyCommands([{ command: "start", description: "Start" }]);
    await api.setMyCommands([{ command: "start", description: "Начать" }], { language_code: "ru" });
    await api.setMyCommands([{ command: "admin", description: "Admin" }], {
      scope: { type: "chat", chat_id: 9 },
    });
    expect(fake.commandsFor()).toEqual([{ command: "start", description: "Start" }]);
    expect(fake.commandsFor({ language_code: "ru" })[0]?.description).toBe("Начать");
    expect(fake.commandsFor({ scope: { type: "chat", chat_id: 9 } })[0]?.command).toBe("admin");
    expect(await api.getMyCommands({ language_code: "ru" })).toHaveLength(1);
    await api.deleteMyCommands({ language_code: "ru" });
    expect(fake.commandsFor({ language_code: "ru" })).toEqual([]);
    expect((await apiError(api.setMyCommands([{ command: "Bad Cmd", description: "x" }]))).description).toBe(
      "Bad Request: BOT_COMMAND_INVALID",
    );
  });
});

describe("updates", () => {
  it("long-polls: resolves when an update arrives, confirms by offset, honours limit and timeout", async () => {
    const user = fake.user({ id: 11, first_name: "Dee" });
    const started = Date.now();
    const pending = api.getUpdates({ timeout: 5 });
    setTimeout(() => user.send("/start"), 50);
    const [first] = await pending;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(first?.update_id).toBe(1);
    expect(first?.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
    user.send("a");
    user.send("b");
    expect((await api.getUpdates({ offset: 2, limit: 1 })).map((u) => u.update_id)).toEqual([2]);
    expect((await api.getUpdates({ offset: 3 })).map((u) => u.message?.text)).toEqual(["b"]);
    const t0 = Date.now();
    expect(await api.getUpdates({ offset: 4, timeout: 1 })).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it("re-delivers a duplicate with the same update_id after it was confirmed", async () => {
    const user = fake.user({ id: 12, first_name: "Eve" });
    user.send("once");
    const [u] = await api.getUpdates({});
    expect(await api.getUpdates({ offset: 2 })).toEqual([]);
    fake.pushDuplicate(u?.update_id ?? 0);
    const again = await api.getUpdates({ offset: 2 });
    expect(again).toEqual([u]);
  });

  it("stop() ends a pending long poll", async () => {
    const poll = api.getUpdates({ timeout: 30 }).catch((e: unknown) => e);
    await fake.waitFor(() => fake.callsOf("getUpdates").length > 0, 1000);
    const t0 = Date.now();
    await fake.stop();
    await poll;
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("delivers to a webhook with the secret token and answers 409 to getUpdates meanwhile", async () => {
    const received: { secret: string | undefined; update: Update }[] = [];
    const hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        received.push({
          secret: req.headers["x-telegram-bot-api-secret-token"] as string | undefined,
          update: JSON.parse(body) as Update,
        });
        res.end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      await api.setWebhook(url, { secret_token: "s3cret" });
      expect((await api.getWebhookInfo()).url).toBe(url);
      expect((await apiError(api.getUpdates())).error_code).toBe(409);
      fake.user({ id: 13, first_name: "Fay" }).send("via hook");
      await fake.waitFor(() => received.length > 0, 2000);
      expect(received[0]).toMatchObject({
        secret: "s3cret",
        update: { update_id: 1, message: { text: "via hook" } },
      });
      await api.deleteWebhook();
      expect(await api.getUpdates()).toEqual([]);
    } finally {
      await new Promise((r) => hook.close(r));
    }
  });
});

describe("files", () => {
  it("keeps multipart uploads (bytes, filename, MIME type) and serves them via getFile", async () => {
    fake.user({ id: 21, first_name: "Gus", started: true });
    const bytes = Buffer.from("name,country\nAida,KZ\n");
    const kb = new InlineKeyboard().text("OK", "ok");
    const sent = await api.sendDocument(21, new InputFile(bytes, "отчёт 2024.csv"), {
      caption: "<i>Report</i>",
      parse_mode: "HTML",
      reply_markup: kb,
    });
    expect(sent.document).toMatchObject({
      file_name: "отчёт 2024.csv",
      mime_type: "text/csv",
      file_size: bytes.length,
    });
    expect(sent).toMatchObject({
      caption: "Report",
      caption_entities: [{ type: "italic", offset: 0, length: 6 }],
    });
    expect(sent.reply_markup).toEqual(kb);
    const call = fake.callsOf("sendDocument")[0];
    expect(call?.files[0]?.content.equals(bytes)).toBe(true);
    const file = await api.getFile(sent.document?.file_id ?? "");
    expect(file).toMatchObject({ file_id: sent.document?.file_id, file_size: bytes.length });
    const res = await fetch(`${fake.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const again = await api.sendDocument(21, sent.document?.file_id ?? "");
    expect(again.document?.file_unique_id).toBe(sent.document?.file_unique_id);
    const big = randomBytes(300_000);
    const bigSent = await api.sendDocument(21, new InputFile(big, "blob.bin"));
    expect(bigSent.document?.mime_type).toBe("application/octet-stream");
    expect(fake.file(bigSent.document?.file_id ?? "")?.content.equals(big)).toBe(true);
    const photoErr = await apiError(api.sendPhoto(21, new InputFile(Buffer.from("not an image"), "x.jpg")));
    expect(photoErr.description).toBe("Bad Request: IMAGE_PROCESS_FAILED");
  });
});

describe("fault injection and limits", () => {
  it("failNext, rateLimitEvery and latency", async () => {
    fake.user({ id: 31, first_name: "Hal", started: true });
    fake.failNext("sendMessage", { error_code: 500, description: "Internal Server Error", count: 2 });
    expect((await apiError(api.sendMessage(31, "a"))).error_code).toBe(500);
    expect((await apiError(api.sendMessage(31, "a"))).error_code).toBe(500);
    await api.sendMessage(31, "a");
    fake.rateLimitEvery(2, 3);
    await api.sendMessage(31, "b");
    const limited = await apiError(api.sendMessage(31, "c"));
    expect([limited.error_code, limited.description, limited.parameters.retry_after]).toEqual([
      429,
      "Too Many Requests: retry after 3",
      3,
    ]);
    fake.rateLimitEvery(0, 0);
    fake.setLatency(150);
    const t0 = Date.now();
    await api.sendChatAction(31, "typing");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it("limits mode rejects sends over the per-chat and overall limits and records violations", async () => {
    fake.user({ id: 41, first_name: "Ina", started: true });
    fake.user({ id: 42, first_name: "Jo", started: true });
    fake.group({ id: -100500, title: "Secretariat" });
    fake.enableLimits({ perSecondOverall: 3, perChatBurst: 1, exemptChatIds: [-100500] });
    await api.sendMessage(41, "1");
    const perChat = await apiError(api.sendMessage(41, "2"));
    expect(perChat.error_code).toBe(429);
    expect(perChat.parameters.retry_after).toBeGreaterThanOrEqual(1);
    await api.sendMessage(42, "1");
    await api.sendMessage(-100500, "progress 1");
    expect((await apiError(api.sendMessage(-100500, "progress 2"))).error_code).toBe(429);
    expect((await apiError(api.editMessageText(41, 1, "an edit counts too"))).error_code).toBe(429);
    expect(fake.violations.map((v) => [v.method, v.chatId, v.kind])).toEqual([
      ["sendMessage", 41, "chat"],
      ["sendMessage", -100500, "overall"],
      ["editMessageText", 41, "overall"],
    ]);
    expect(fake.limitStats()).toMatchObject({ accepted: 3, rejected: 3, maxPerSecondOverall: 3 });
  });
});

describe("what Telegram refuses", () => {
  /** A callback query the server knows, as if someone pressed a button under message #1 of chat 81. */
  function pressed(id: string): void {
    const chat = fake.chat(81);
    const message = fake.messagesTo(81)[0];
    if (!message || !chat.user) throw new Error("send a message to chat 81 first");
    fake.pushCallbackQuery({ id, from: chat.user, message, chat_instance: chat.chatInstance, data: "x" });
  }

  it("a button answer longer than 200 characters is refused and the query can still be answered", async () => {
    fake.user({ id: 81, first_name: "Mo", started: true });
    await api.sendMessage(81, "Pick", { reply_markup: new InlineKeyboard().text("x", "x") });
    pressed("q1");
    const long = await apiError(api.answerCallbackQuery("q1", { text: "я".repeat(201), show_alert: true }));
    expect([long.error_code, long.description]).toEqual([400, "Bad Request: MESSAGE_TOO_LONG"]);
    expect(fake.callbackAnswers).toEqual([]);
    expect(await api.answerCallbackQuery("q1", { text: "я".repeat(200) })).toBe(true);
    expect(fake.callbackAnswers.map((a) => a.text?.length)).toEqual([200]);
  });

  it("a second answer to the same button press is 'query is too old', as is an unknown query", async () => {
    fake.user({ id: 81, first_name: "Mo", started: true });
    await api.sendMessage(81, "Pick", { reply_markup: new InlineKeyboard().text("x", "x") });
    pressed("q2");
    await api.answerCallbackQuery("q2");
    const again = await apiError(api.answerCallbackQuery("q2", { text: "Something went wrong" }));
    const unknown = await apiError(api.answerCallbackQuery("never-pressed"));
    for (const e of [again, unknown]) {
      expect([e.error_code, e.description]).toEqual([
        400,
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
      ]);
    }
    expect(fake.callbackAnswers).toHaveLength(1);
  });

  it("refuses a lone surrogate (a name cut inside an emoji) in any string, as invalid UTF-8", async () => {
    fake.user({ id: 82, first_name: "Ni", started: true });
    const cut = "Aigerim 👩‍💼".slice(0, 9); // ends with the first half of 👩
    expect(JSON.stringify(cut)).toContain("\\ud83d");
    const utf8 = "Bad Request: strings must be encoded in UTF-8";
    const ok = await api.sendMessage(82, "Aigerim 👩‍💼", {
      reply_markup: new InlineKeyboard().text("👩‍💼", "ok"),
    });
    expect(ok.text).toBe("Aigerim 👩‍💼");
    const refused = [
      api.sendMessage(82, `Hello ${cut}`),
      api.sendMessage(82, "<b>x</b>", {
        parse_mode: "HTML",
        reply_markup: new InlineKeyboard().text(cut, "a"),
      }),
      api.sendMessage(82, "x", { reply_markup: new InlineKeyboard().text("A", `p:${cut}`) }),
      api.editMessageText(82, ok.message_id, `Renamed ${cut}`),
      api.sendDocument(82, "BQACAgIAAxkBAAnothing", { caption: cut }),
      api.setMyCommands([{ command: "me", description: cut }]),
      api.sendMessage(82, "&#xD83D; in HTML", { parse_mode: "HTML" }),
    ];
    for (const attempt of refused) {
      const e = await apiError(attempt);
      expect([e.error_code, e.description]).toEqual([400, utf8]);
    }
    const raw = await fetch(`${fake.apiRoot}/bot${TOKEN}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.concat([Buffer.from('{"chat_id":82,"text":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]),
    });
    expect([raw.status, ((await raw.json()) as { description: string }).description]).toEqual([400, utf8]);
    expect(fake.messagesTo(82).map((m) => m.text)).toEqual(["Aigerim 👩‍💼"]);
    // A multipart upload carries UTF-8 that grammY encoded: a lone surrogate arrives as U+FFFD.
    const doc = await api.sendDocument(82, new InputFile(Buffer.from("x"), "x.txt"), { caption: cut });
    expect(doc.caption).toBe("Aigerim \uFFFD");
  });

  it("callback_data is at most 64 bytes (not characters), in sends and in edits", async () => {
    fake.user({ id: 83, first_name: "Ol", started: true });
    const fits = new InlineKeyboard().text("A", "д".repeat(32)); // 64 bytes
    const sent = await api.sendMessage(83, "x", { reply_markup: fits });
    expect(sent.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({ callback_data: "д".repeat(32) });
    const tooLong = new InlineKeyboard().text("A", "д".repeat(33)); // 33 characters, 66 bytes
    for (const attempt of [
      api.sendMessage(83, "y", { reply_markup: tooLong }),
      api.editMessageReplyMarkup(83, sent.message_id, { reply_markup: tooLong }),
      api.editMessageText(83, sent.message_id, "z", { reply_markup: tooLong }),
    ]) {
      expect((await apiError(attempt)).description).toBe("Bad Request: BUTTON_DATA_INVALID");
    }
  });

  it("HTML must be well formed: tags closed in order, known tags only, no stray '<'", async () => {
    fake.user({ id: 84, first_name: "Pa", started: true });
    const html = (text: string) => apiError(api.sendMessage(84, text, { parse_mode: "HTML" }));
    expect((await html("<b>bold <i>both</b></i>")).description).toBe(
      "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"i\"",
    );
    expect((await html("<b>open")).description).toBe(
      "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    );
    expect((await html("a </b>")).description).toBe(
      "Bad Request: can't parse entities: Unexpected end tag at byte offset 2",
    );
    expect((await html("<div>x</div>")).description).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 0',
    );
    expect((await html("1 < 2")).description).toMatch(/^Bad Request: can't parse entities: /);
    // Entities Telegram does not know stay literal text, as do code points that are no character.
    const literal = await api.sendMessage(84, "R&D &nbsp; &#1114112; &#x41; &lt;ok&gt;", {
      parse_mode: "HTML",
    });
    expect(literal.text).toBe("R&D &nbsp; &#1114112; A <ok>");
  });

  it("an edit to the same text and markup is 'message is not modified', for every kind of edit", async () => {
    fake.user({ id: 85, first_name: "Qu", started: true });
    const kb = new InlineKeyboard().text("Next", "n");
    const m = await api.sendMessage(85, "<b>Card</b> 1", { parse_mode: "HTML", reply_markup: kb });
    const notModified = /^Bad Request: message is not modified: /;
    const same = [
      api.editMessageText(85, m.message_id, "<b>Card</b> 1", { parse_mode: "HTML", reply_markup: kb }),
      api.editMessageReplyMarkup(85, m.message_id, { reply_markup: kb }),
    ];
    for (const attempt of same) expect((await apiError(attempt)).description).toMatch(notModified);
    // Same characters, other formatting: that is a change.
    const plain = await api.editMessageText(85, m.message_id, "Card 1", { reply_markup: kb });
    expect(plain !== true && "entities" in plain ? plain.entities : undefined).toBeUndefined();
    expect(plain).toMatchObject({ text: "Card 1" });
    const doc = await api.sendDocument(85, new InputFile(Buffer.from("x"), "a.txt"), { caption: "v1" });
    const caption = await apiError(api.editMessageCaption(85, doc.message_id, { caption: "v1" }));
    expect(caption.description).toMatch(notModified);
    expect(fake.callsOf("editMessageText").map((c) => c.response?.ok)).toEqual([false, true]);
  });
});

describe("limits mode counts every message the bot sends", () => {
  let now = 1_750_000_000_000;
  let limited: FakeTelegram;
  let lapi: Api;

  beforeEach(async () => {
    limited = new FakeTelegram({ token: TOKEN, clock: () => now });
    await limited.start();
    lapi = new Api(TOKEN, { apiRoot: limited.apiRoot });
    for (const id of [91, 92, 93]) limited.user({ id, first_name: `U${id}`, started: true });
  });

  afterEach(async () => {
    await limited.stop();
  });

  async function refused(p: Promise<unknown>): Promise<GrammyError> {
    const e = await apiError(p);
    expect(e.error_code).toBe(429);
    expect(e.description).toBe(`Too Many Requests: retry after ${e.parameters.retry_after}`);
    return e;
  }

  it("edits of text, caption and keyboard count per chat: a second message within a second gets 429", async () => {
    limited.enableLimits({ perChatBurst: 1 });
    const kb = new InlineKeyboard().text("A", "a");
    const m = await lapi.sendMessage(91, "progress 0", { reply_markup: kb });
    const e = await refused(lapi.editMessageText(91, m.message_id, "progress 1", { reply_markup: kb }));
    expect(e.parameters.retry_after).toBe(1);
    expect(limited.chat(91).messages.get(m.message_id)?.text).toBe("progress 0");
    now += 1000;
    await lapi.editMessageText(91, m.message_id, "progress 1", { reply_markup: kb });
    await refused(lapi.editMessageReplyMarkup(91, m.message_id));
    now += 1000;
    const doc = await lapi.sendDocument(92, new InputFile(Buffer.from("x"), "a.txt"), { caption: "v1" });
    await refused(lapi.editMessageCaption(92, doc.message_id, { caption: "v2" }));
    expect(limited.violations.map((v) => [v.method, v.chatId, v.kind])).toEqual([
      ["editMessageText", 91, "chat"],
      ["editMessageReplyMarkup", 91, "chat"],
      ["editMessageCaption", 92, "chat"],
    ]);
    expect(limited.limitStats()).toMatchObject({
      accepted: 3,
      rejected: 3,
      violations: { overall: 0, chat: 3, group: 0 },
    });
  });

  it("a private chat may get a short burst of three, and no more than three in three seconds", async () => {
    limited.enableLimits();
    for (const text of ["one", "two", "three"]) await lapi.sendMessage(91, text);
    const fourth = await refused(lapi.sendMessage(91, "four"));
    expect(fourth.parameters.retry_after).toBe(3);
    now += 1000;
    await refused(lapi.sendMessage(91, "four"));
    await lapi.sendMessage(92, "another chat is not held back");
    now += 2000;
    for (const text of ["four", "five", "six"]) await lapi.sendMessage(91, text);
    await refused(lapi.sendMessage(91, "seven"));
    expect(limited.violations.map((v) => v.kind)).toEqual(["chat", "chat", "chat"]);
  });

  it("sends, photos, documents, copies and edits share the overall budget", async () => {
    limited.enableLimits({ perSecondOverall: 5, exemptChatIds: [91] });
    const m = await lapi.sendMessage(91, "sent 0 of 3");
    await lapi.editMessageText(91, m.message_id, "sent 1 of 3");
    await lapi.editMessageText(91, m.message_id, "sent 2 of 3");
    await lapi.sendPhoto(92, new InputFile(TINY_PNG, "p.png"));
    await lapi.copyMessage(93, 91, m.message_id);
    await refused(lapi.sendDocument(93, new InputFile(Buffer.from("x"), "a.txt")));
    await refused(lapi.editMessageText(91, m.message_id, "sent 3 of 3"));
    expect(limited.violations.map((v) => [v.method, v.kind])).toEqual([
      ["sendDocument", "overall"],
      ["editMessageText", "overall"],
    ]);
    expect(limited.limitStats()).toMatchObject({ accepted: 5, maxPerSecondOverall: 5 });
    now += 1000;
    await lapi.editMessageText(91, m.message_id, "sent 3 of 3");
  });

  it("an edit that changes nothing is refused as not modified and uses no budget", async () => {
    limited.enableLimits();
    const m = await lapi.sendMessage(91, "same");
    now += 1000;
    const e = await apiError(lapi.editMessageText(91, m.message_id, "same"));
    expect(e.error_code).toBe(400);
    await lapi.editMessageText(91, m.message_id, "changed");
    expect(limited.violations).toEqual([]);
  });

  it("countEdits: false keeps the older model in which only new messages count", async () => {
    limited.enableLimits({ countEdits: false, perChatBurst: 1 });
    const m = await lapi.sendMessage(91, "a");
    await lapi.editMessageText(91, m.message_id, "b");
    await lapi.editMessageText(91, m.message_id, "c");
    await refused(lapi.sendMessage(91, "d"));
    expect(limited.limitStats()).toMatchObject({ accepted: 1, rejected: 1 });
  });

  it("records when each update was handed to the bot by getUpdates", async () => {
    const user = limited.user({ id: 91, first_name: "U91" });
    const u = user.send("hello");
    expect(limited.handedOutAt(limited.updates[0]?.update_id ?? 0)).toBeUndefined();
    now += 250;
    const [got] = await lapi.getUpdates({ timeout: 0 });
    expect(got?.message?.message_id).toBe(u.message_id);
    expect(limited.handedOutAt(got?.update_id ?? 0)).toBe(now);
    now += 250;
    await lapi.getUpdates({ offset: 0, timeout: 0 });
    expect(limited.handedOutAt(got?.update_id ?? 0)).toBe(now - 250);
  });
});

describe("with a real bot", () => {
  it("runs a runner-based bot: commands, callback buttons, edits, documents both ways", async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    bot.command("start", (ctx) =>
      ctx.reply(`Hello ${ctx.match || "there"}`, {
        reply_markup: new InlineKeyboard().text("✅ Confirm", "confirm"),
      }),
    );
    bot.callbackQuery("confirm", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "Confirmed" });
      await ctx.editMessageText("Confirmed!");
    });
    bot.on("message:document", async (ctx) => {
      const file = await ctx.getFile();
      const res = await fetch(`${fake.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
      const text = await res.text();
      await ctx.replyWithDocument(new InputFile(Buffer.from(text.toUpperCase()), "upper.txt"), {
        caption: `got ${ctx.message.document.file_name}`,
      });
    });
    const runner = run(bot);
    try {
      const user = fake.user({ id: 51, first_name: "Kai", language_code: "en" });
      user.command("start", "abc");
      const hello = await user.nextMessage();
      expect(hello).toMatchObject({
        text: "Hello abc",
        buttons: [["✅ Confirm"]],
        callbackData: [["confirm"]],
      });
      expect(await user.press("Confirm")).toMatchObject({ text: "Confirmed", show_alert: false });
      expect((await user.nextEdit()).text).toBe("Confirmed!");
      expect(user.buttons()).toEqual([]);
      user.sendDocument({ filename: "in.txt", content: "shout", mimeType: "text/plain" });
      const doc = await user.nextMessage();
      expect(doc.text).toBe("got in.txt");
      expect(doc.document).toMatchObject({ filename: "upper.txt", mimeType: "text/plain" });
      expect(doc.document?.content.toString()).toBe("SHOUT");
      const err = await user.nextMessage({ timeoutMs: 200 }).catch((e: unknown) => e);
      expect(String(err)).toContain("Nothing was received in this chat meanwhile");
      expect(String(err)).toContain("sendDocument chat_id=51");
      await expect(user.press("Nope")).rejects.toThrow(/no button matching "Nope"/);
    } finally {
      await runner.stop();
    }
  });

  it("runs a bot.start() bot: duplicates reach it with the same update_id, groups work", async () => {
    const seen: number[] = [];
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    bot.on("message:text", async (ctx) => {
      seen.push(ctx.update.update_id);
      await ctx.reply(`echo ${ctx.message.text}`);
    });
    const done = bot.start({ drop_pending_updates: false });
    try {
      const user = fake.user({ id: 61, first_name: "Lu" });
      const m = user.send("one");
      expect((await user.nextMessage()).text).toBe("echo one");
      const dup = fake.updates.find((u) => u.message?.message_id === m.message_id);
      fake.pushDuplicate(dup?.update_id ?? 0);
      expect((await user.nextMessage()).text).toBe("echo one");
      expect(seen).toEqual([1, 1]);
      const group = fake.group({ id: -100777, title: "Coordinators" });
      group.send(user, "hi all");
      expect((await group.waitForText(/echo hi all/)).raw.chat).toMatchObject({ type: "supergroup" });
    } finally {
      await bot.stop();
      await done;
    }
  });
});
