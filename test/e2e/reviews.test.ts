/**
 * Review rounds, end to end: the real bot process over HTTP against the fake Telegram server.
 * The secretariat opens the founding recommendations of 7 September 2012 (9 cards: items 1–6 and
 * 7 а, б, в), coordinators and alternates answer card by card, observers comment, the deadline
 * closes the round, the tally and the CSV files say what was recorded, and nudges go only to the
 * states that have not finished.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import {
  answerCards,
  dataOf,
  joinAs,
  openRoundThroughBot,
  query,
  sendAlbum,
  waitForCard,
} from "../support/review-scenario.js";
import { firstSecretariat, startWorld, untilButton, type World } from "../support/scenario.js";
import type { SimUser } from "../support/sim-user.js";

const START = "2026-12-01T06:00:00Z"; // 11:00 in Almaty
const DEADLINE_TYPED = "25.12.2026 18:00"; // Almaty time
const DEADLINE = Date.parse("2026-12-25T13:00:00Z");
const HOUR = 3_600_000;

let world: World | undefined;
afterEach(async () => {
  // Nothing failed on the way, and no press was answered twice.
  const errors =
    world?.bot.logs.filter(
      (l) => l.level >= 50 || /update failed|could not send the error answer/.test(l.msg),
    ) ?? [];
  await world?.close();
  world = undefined;
  expect(errors).toEqual([]);
});

async function begin(): Promise<{ w: World; secretariat: SimUser }> {
  world = await startWorld({ clock: START });
  return { w: world, secretariat: await firstSecretariat(world) };
}

function positions(w: World) {
  return query<{
    item_id: number;
    state_code: string;
    person_id: number;
    position: string;
    reason: string | null;
  }>(w, "SELECT item_id, state_code, person_id, position, reason FROM review_positions ORDER BY id");
}

/** Waits until no flow of the chat is stored: the flow that just ended has been saved as ended. */
async function flowEnded(w: World, chatId: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    query<{ key: string }>(w, "SELECT key FROM conversation_states WHERE key = ?", `conv:${chatId}`).length
  ) {
    if (Date.now() > deadline) throw new Error(`the flow of chat ${chatId} was not saved as ended`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function personId(w: World, telegramId: number): number {
  const [row] = query<{ id: number }>(w, "SELECT id FROM people WHERE telegram_id = ?", telegramId);
  if (!row) throw new Error(`nobody with telegram id ${telegramId}`);
  return row.id;
}

async function startReview(user: SimUser, lang: "en" | "ru" = "en"): Promise<void> {
  await user.waitForText(lang === "en" ? /invites .* to review/ : /приглашает вас/);
  await user.press(lang === "en" ? "Start the review" : "Начать рассмотрение");
  await user.waitForText(lang === "en" ? "Item 1 of 9" : "Пункт 1 из 9");
}

/** The secretariat's tally of round #1 in words (its picture's "Show details"), all its messages joined. */
async function openTally(secretariat: SimUser): Promise<string> {
  secretariat.command("rounds");
  await secretariat.waitForText(/Review rounds/);
  await secretariat.press(/^#1 · /);
  await secretariat.waitForText(/Round #1/);
  await untilButton(secretariat, "📊 Tally");
  await secretariat.press("📊 Tally");
  const picture = await secretariat.waitForText(/Tally of round #1/);
  const before = secretariat.lastMessage()?.message_id ?? 0;
  await secretariat.press("📝 Show details", { messageId: picture.message_id });
  await secretariat.waitForText(/Item 7c —/);
  return secretariat
    .messages()
    .filter((m) => m.message_id > before)
    .map((m) => m.text)
    .join("\n\n");
}

async function downloadCsv(
  secretariat: SimUser,
  button: string,
): Promise<{ raw: Buffer; rows: Record<string, string>[] }> {
  await secretariat.press(button);
  const message = await secretariat.waitForText(/CSV, UTF-8/);
  const raw = message.document?.content ?? Buffer.alloc(0);
  return { raw, rows: parse(raw, { bom: true, columns: true }) as Record<string, string>[] };
}

describe("review rounds", () => {
  it("two states review every item; the tally reports consensus only when it holds; the CSV files parse back to what was recorded", async () => {
    const { w, secretariat } = await begin();
    const aigerim = await joinAs(w, secretariat, {
      id: 201,
      name: "Aigerim",
      role: "coordinator",
      target: "Kazakhstan",
    });
    const bakyt = await joinAs(w, secretariat, {
      id: 211,
      name: "Бакыт",
      role: "coordinator",
      target: "Kyrgyzstan",
      language: "Русский",
    });

    // The founding round is there as a draft; only Kazakhstan and Kyrgyzstan take part.
    secretariat.command("rounds");
    const list = await secretariat.waitForText(/Review rounds/);
    expect(list.text).toMatch(/#1 · draft · Recommendations on preparations for the formal launch/);
    await secretariat.press(/^#1 · /);
    await secretariat.waitForText(/Round #1/);
    await secretariat.press("States taking part");
    await untilButton(secretariat, "✅ Tajikistan");
    await secretariat.press("✅ Tajikistan");
    await untilButton(secretariat, "▫️ Tajikistan");
    await secretariat.press("✅ Turkmenistan");
    await untilButton(secretariat, "▫️ Turkmenistan");
    await secretariat.press("Done");
    const card = await secretariat.waitForText(/States taking part \(2\): Kazakhstan, Kyrgyzstan/);
    expect(card.text).toMatch(/items: 9/);
    await openRoundThroughBot(secretariat, 1, DEADLINE_TYPED);

    // Kazakhstan, in English: the intro, then card after card; 7b abstains.
    await aigerim.waitForText(/invites Kazakhstan to review/);
    await aigerim.press("Start the review");
    const intro = await aigerim.waitForText(/Preamble/);
    expect(intro.text).toMatch(/We, the national coordinators on mixed migration/);
    const first = await waitForCard(aigerim, "Item 1 of 9");
    expect(first.text).toMatch(/Approve the draft Regional Cooperation Programme \(RCP\)/);
    expect(first.text).toMatch(/Position of Kazakhstan: not given yet/);
    expect(first.text).toMatch(/until 25 December 2026, 18:00 \(your time, Almaty, UTC\+5\)/);
    expect(first.buttons.flat()).toEqual([
      "✅ Support",
      "❌ Object",
      "⚪ Abstain",
      "💬 Comment or amend",
      "Skip ▶",
    ]);
    await answerCards(aigerim, 1, 7, "✅ Support");
    const sub = aigerim.lastMessage();
    expect(sub?.text).toMatch(/Item 8 of 9 · Recommendation 7b/);
    expect(sub?.text).toMatch(/Recommend holding the Second Ministerial Conference/);
    expect(sub?.text).toMatch(/b\) Formally launch the Almaty Process/);
    await answerCards(aigerim, 8, 8, "⚪ Abstain");
    await answerCards(aigerim, 9, 9, "✅ Support");
    const summary = aigerim.lastMessage();
    expect(summary?.text).toMatch(/Positions of Kazakhstan \(9 of 9 items answered\)/);
    expect(summary?.text).toMatch(/7b — Abstain/);
    await aigerim.press("✔ Confirm these positions");
    await aigerim.waitForText(/Thank you. The positions of Kazakhstan/);

    // Kyrgyzstan, in Russian: objects to item 3 first.
    await startReview(bakyt, "ru");
    await answerCards(bakyt, 1, 2, "✅ Поддержать", "ru");
    await bakyt.press("❌ Возразить");
    await bakyt.waitForText(/Отправьте причину/);
    bakyt.send("Нужны консультации с министерством");
    await waitForCard(bakyt, "Пункт 4 из 9");
    await answerCards(bakyt, 4, 9, "✅ Поддержать", "ru");
    expect(bakyt.lastMessage()?.text).toMatch(/3 — Возражает/);

    let tally = await openTally(secretariat);
    expect(tally).toMatch(/No consensus yet: it holds on 8 of 9 items; not on 3\./);
    expect(tally).toMatch(/Every state taking part has answered every item/);
    expect(tally).toMatch(/Summary confirmed by: Kazakhstan/);
    const item3 = tally;
    expect(item3).toMatch(/Item 3 — ✅ 1 · ❌ 1 · ⚪ 0 · not answered 0 · consensus: no/);
    expect(item3).toMatch(/Kyrgyzstan: Object — Бакыт/);
    expect(item3).toMatch(/Reason: «Нужны консультации с министерством»/);

    // Kyrgyzstan changes its position on item 3: consensus now holds on every item.
    await bakyt.press("◀ Вернуться к пунктам");
    await waitForCard(bakyt, "Пункт 9 из 9");
    for (let i = 8; i >= 3; i--) {
      await bakyt.press("◀ Назад");
      await waitForCard(bakyt, `Пункт ${i} из 9`);
    }
    expect(bakyt.lastMessage()?.text).toMatch(/Позиция \(Кыргызстан\): ❌ возражает — Бакыт/);
    await bakyt.press("✅ Поддержать");
    await waitForCard(bakyt, "Пункт 4 из 9");
    tally = await openTally(secretariat);
    expect(tally).toMatch(/Consensus holds on all 9 items/);

    const recorded = positions(w);
    expect(recorded).toHaveLength(19);
    const aigerimId = personId(w, 201);
    const bakytId = personId(w, 211);

    // The CSV of positions: the current position of each state on each card.
    const csv = await downloadCsv(secretariat, "CSV: positions");
    expect([...csv.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.rows).toHaveLength(18);
    const cell = (item: string, state: string) =>
      csv.rows.find((r) => r.Item === item && r["State code"] === state);
    expect(cell("7b", "KZ")).toMatchObject({
      Position: "Abstain",
      "Recorded by": "Aigerim",
      Role: "National coordinator",
    });
    expect(cell("3", "KG")).toMatchObject({ Position: "Support", Reason: "", "Recorded by": "Бакыт" });
    expect(csv.rows.filter((r) => r.Position === "Support")).toHaveLength(17);
    for (const row of csv.rows) expect(row["Recorded (Almaty time)"]).toMatch(/^2026-12-01 \d\d:\d\d$/);

    // The history keeps the superseded objection too.
    const history = await downloadCsv(secretariat, "CSV: history");
    const kgOnThree = history.rows.filter((r) => r.Item === "3" && r["State code"] === "KG");
    expect(kgOnThree.map((r) => [r.Position, r.Text])).toEqual([
      ["Object", "Нужны консультации с министерством"],
      ["Support", ""],
    ]);
    expect(history.rows.filter((r) => r.Event === "Position")).toHaveLength(19);
    expect(history.rows.filter((r) => r.Event === "Summary confirmed").map((r) => r.Person)).toEqual([
      "Aigerim",
    ]);
    expect(history.rows[0]?.Event).toBe("Round opened");
    expect(recorded.filter((p) => p.person_id === aigerimId)).toHaveLength(9);
    expect(recorded.filter((p) => p.person_id === bakytId)).toHaveLength(10);
  });

  it("an objection needs its reason: cancelled or over-long, nothing is recorded; stray text, old cards and forged buttons change nothing", async () => {
    const { w, secretariat } = await begin();
    const aigerim = await joinAs(w, secretariat, {
      id: 201,
      name: "Aigerim",
      role: "coordinator",
      target: "Kazakhstan",
    });
    await openRoundThroughBot(secretariat, 1, DEADLINE_TYPED);
    await startReview(aigerim);
    const firstCard = aigerim.lastMessage();

    await aigerim.press("❌ Object");
    await aigerim.waitForText(/send the reason in one message \(at most 2000 characters\)/);
    await aigerim.press("Cancel");
    await aigerim.waitForText(/Cancelled: the objection to item 1 was not recorded/);
    await waitForCard(aigerim, "Item 1 of 9");
    expect(positions(w)).toEqual([]);

    await aigerim.press("❌ Object");
    await aigerim.waitForText(/send the reason/);
    aigerim.send("x".repeat(2001));
    await aigerim.waitForText(/That is 2001 characters; the limit is 2000. Nothing was recorded/);
    aigerim.sendPhoto();
    await aigerim.waitForText(/Please send this as a text message/);
    // Another command that starts a flow of its own: the reason is still awaited.
    aigerim.command("timezone");
    const told = await aigerim.nextMessage();
    expect(told.text).toMatch(/finish|cancel/i);
    expect(told.text).not.toMatch(/time zone/i);
    expect(positions(w)).toEqual([]);
    aigerim.send("The programme has no budget yet");
    await aigerim.waitForText(/Recorded: your state objects to item 1/);
    await waitForCard(aigerim, "Item 2 of 9");
    expect(positions(w)).toMatchObject([
      { state_code: "KZ", position: "object", reason: "The programme has no budget yet" },
    ]);

    // Text where a button is expected.
    aigerim.send("I support this one");
    await aigerim.waitForText(/Please use the buttons/);

    // A comment over 2,000 characters, then a proposed wording: kept apart from the position.
    await aigerim.press("💬 Comment or amend");
    await untilButton(aigerim, "✏️ Propose wording");
    await aigerim.press("💬 Comment");
    await aigerim.waitForText(/send your comment on item/);
    aigerim.send("y".repeat(2500));
    await aigerim.waitForText(/That is 2500 characters; the limit is 2000/);
    await aigerim.press("Cancel");
    await waitForCard(aigerim, "Item 2 of 9");
    await aigerim.press("💬 Comment or amend");
    await untilButton(aigerim, "✏️ Propose wording");
    await aigerim.press("✏️ Propose wording");
    await aigerim.waitForText(/send the wording you propose for item/);
    aigerim.send("Approve the revised draft Regional Action Plan");
    await aigerim.waitForText(/Your proposed wording for item 2 is recorded/);
    const again = await waitForCard(aigerim, "Item 2 of 9");
    expect(again.text).toMatch(/Position of Kazakhstan: not given yet/);
    expect(query(w, "SELECT kind, text FROM review_comments")).toEqual([
      { kind: "amendment", text: "Approve the revised draft Regional Action Plan" },
    ]);
    expect(positions(w)).toHaveLength(1);

    // A button on an old card.
    const [item2] = query<{ id: number }>(
      w,
      "SELECT id FROM review_items WHERE round_id = 1 AND ordinal = 2",
    );
    const stale = await aigerim.pressData(`rv:1:${item2?.id}:s`, firstCard?.message_id);
    expect(stale.text).toMatch(/This card is out of date/);

    // Another state's round: a round imported from a file, open to Kyrgyzstan only.
    secretariat.sendDocument({
      filename: "kg-only.txt",
      mimeType: "text/plain",
      content: "title: Bilateral arrangements\nlanguage: en\n\n1. Hold a bilateral meeting\n",
    });
    await secretariat.waitForText(/Draft round #2 created/);
    await waitForCard(secretariat, /Round #2/);
    await secretariat.press("States taking part");
    await untilButton(secretariat, "✅ Kazakhstan");
    for (const state of ["Kazakhstan", "Tajikistan", "Turkmenistan"]) {
      await secretariat.press(`✅ ${state}`);
      await untilButton(secretariat, `▫️ ${state}`);
    }
    await secretariat.press("Done");
    await secretariat.waitForText(/States taking part \(1\): Kyrgyzstan/);
    await openRoundThroughBot(secretariat, 2, DEADLINE_TYPED);
    const [foreign] = query<{ id: number }>(w, "SELECT id FROM review_items WHERE round_id = 2");
    const live = aigerim.lastMessage();
    const forged = await aigerim.pressData(`rv:2:${foreign?.id}:s`, live?.message_id);
    expect(forged.text).toMatch(/Your state does not take part in this round/);
    const mixed = await aigerim.pressData(`rv:1:${foreign?.id}:s`, live?.message_id);
    expect(mixed.text).toMatch(/This button is not valid/);
    const garbage = await aigerim.pressData("rv:1:abc:zz", live?.message_id);
    expect(garbage.text).toMatch(/not valid|no longer active/);
    expect(positions(w)).toHaveLength(1);
  });

  it("leaving in the middle and coming back after a restart resumes at the first item the state has not answered", async () => {
    const { w, secretariat } = await begin();
    const aigerim = await joinAs(w, secretariat, {
      id: 201,
      name: "Aigerim",
      role: "coordinator",
      target: "Kazakhstan",
    });
    const dana = await joinAs(w, secretariat, {
      id: 202,
      name: "Dana",
      role: "alternate",
      target: "Kazakhstan",
    });
    await openRoundThroughBot(secretariat, 1, DEADLINE_TYPED);
    await startReview(aigerim);
    await answerCards(aigerim, 1, 4, "✅ Support");

    // Half-way through an objection's reason when the process stops.
    await aigerim.press("❌ Object");
    await aigerim.waitForText(/send the reason/);
    expect(await w.bot.stop()).toBe(0);
    await w.bot.start();
    aigerim.send("Needs a decision of the Government first");
    await aigerim.waitForText(/Recorded: your state objects to item 5/);
    await waitForCard(aigerim, "Item 6 of 9");
    // The card is sent before the flow's end is saved: the kill comes once it is.
    await flowEnded(w, 201);

    await w.bot.kill();
    await w.bot.start();
    aigerim.command("review");
    const back = await aigerim.waitForText(/Welcome back/);
    expect(back.text).toMatch(/continue at item 6 of 9/);
    await waitForCard(aigerim, "Item 6 of 9");

    // The alternate of the same state lands at the same item: the state's progress, not the person's.
    dana.command("review");
    await dana.waitForText(/continue at item 6 of 9/);
    const danaCard = await waitForCard(dana, "Item 6 of 9");
    expect(danaCard.text).toMatch(/Position of Kazakhstan: not given yet/);
    expect(positions(w).map((p) => p.position)).toEqual([
      "support",
      "support",
      "support",
      "support",
      "object",
    ]);
  });

  it("a coordinator and an alternate of one state answer in turn: the later position is current and both stay in the history", async () => {
    const { w, secretariat } = await begin();
    const aigerim = await joinAs(w, secretariat, {
      id: 201,
      name: "Aigerim",
      role: "coordinator",
      target: "Kazakhstan",
    });
    const dana = await joinAs(w, secretariat, {
      id: 202,
      name: "Dana",
      role: "alternate",
      target: "Kazakhstan",
    });
    await openRoundThroughBot(secretariat, 1, DEADLINE_TYPED);
    await startReview(aigerim);
    await answerCards(aigerim, 1, 1, "✅ Support");

    // The alternate's invitation lands on item 2: the state has answered item 1.
    await dana.waitForText(/invites Kazakhstan to review/);
    await dana.press("Start the review");
    await waitForCard(dana, "Item 2 of 9");
    await dana.press("◀ Back");
    const one = await waitForCard(dana, "Item 1 of 9");
    expect(one.text).toMatch(/Position of Kazakhstan: ✅ Support — Aigerim/);
    await dana.press("❌ Object");
    await dana.waitForText(/send the reason/);
    dana.send("The regional programme must be costed first");
    await waitForCard(dana, "Item 2 of 9");

    const rows = positions(w);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => [r.person_id, r.position])).toEqual([
      [personId(w, 201), "support"],
      [personId(w, 202), "object"],
    ]);
    const audit = query<{ action: string; actor_id: number }>(
      w,
      "SELECT action, actor_id FROM audit_log WHERE action = 'review.position' ORDER BY id",
    );
    expect(audit.map((a) => a.actor_id)).toEqual([personId(w, 201), personId(w, 202)]);

    // Aigerim's card, on return, shows the state's current position.
    await aigerim.press("◀ Back");
    const mine = await waitForCard(aigerim, "Item 1 of 9");
    expect(mine.text).toMatch(/Position of Kazakhstan: ❌ Object — Dana/);
    expect(mine.text).toMatch(/Reason: «The regional programme must be costed first»/);

    const item1 = await openTally(secretariat);
    expect(item1).toMatch(/Kazakhstan: Object — Dana/);
    const history = await downloadCsv(secretariat, "CSV: history");
    expect(
      history.rows.filter((r) => r.Event === "Position").map((r) => [r.Person, r.Role, r.Position]),
    ).toEqual([
      ["Aigerim", "National coordinator", "Support"],
      ["Dana", "Alternate coordinator", "Object"],
    ]);
  });

  it("the deadline can be extended (only later); after it the round closes by itself and is read-only: nothing changes, and it says so", async () => {
    const { w, secretariat } = await begin();
    const aigerim = await joinAs(w, secretariat, {
      id: 201,
      name: "Aigerim",
      role: "coordinator",
      target: "Kazakhstan",
    });
    await openRoundThroughBot(secretariat, 1, DEADLINE_TYPED);
    await startReview(aigerim);
    await answerCards(aigerim, 1, 1, "✅ Support");

    // The secretariat extends the deadline by a day; an earlier one is refused.
    await untilButton(secretariat, "Extend the deadline");
    await secretariat.press("Extend the deadline");
    await secretariat.waitForText(/type the deadline in Almaty time/);
    secretariat.send("2026-12-20 18:00");
    await secretariat.waitForText(/can only be extended/);
    secretariat.send("26.12.2026 18:00");
    await secretariat.waitForText(/Deadline set: 26 December 2026, 18:00, Almaty time \(UTC\+5\)/);
    const extended = await aigerim.waitForText(/has been extended to/);
    expect(extended.text).toMatch(/26 December 2026, 18:00 \(your time, Almaty, UTC\+5\)/);
    const newDeadline = DEADLINE + 24 * HOUR;

    w.bot.setClock(new Date(DEADLINE + 60_000));
    const stillOpen = await aigerim.press("✅ Support");
    expect(stillOpen.text).toMatch(/Recorded: Support — recommendation 2$/);
    await aigerim.waitForText("Item 3 of 9");

    w.bot.setClock(new Date(newDeadline + 60_000));
    const notice = await secretariat.waitForText(/Round #1 has closed at its deadline/, 15_000);
    expect(notice.buttons.flat()).toEqual(["Adopted", "Not adopted", "📊 Tally"]);
    expect(query(w, "SELECT status, close_reason, closed_by FROM review_rounds WHERE id = 1")).toEqual([
      { status: "closed", close_reason: "deadline", closed_by: null },
    ]);

    const late = await aigerim.press("✅ Support");
    expect(late.text).toMatch(/The deadline has passed: this round is read-only/);
    expect(positions(w)).toHaveLength(2);

    aigerim.command("review");
    await aigerim.waitForText(/closed at its deadline, 26 December 2026, 18:00/);
    await aigerim.press("Start the review");
    const readOnly = await aigerim.waitForText(/This round is closed/);
    expect(readOnly.buttons.flat()).not.toContain("✅ Support");
    expect(readOnly.text).toMatch(/Position of Kazakhstan/);
    expect(positions(w)).toHaveLength(2);
  });

  it("an observer reads and comments: the comment is kept apart, and a Support press is refused", async () => {
    const { w, secretariat } = await begin();
    const olivia = await joinAs(w, secretariat, {
      id: 301,
      name: "Olivia",
      role: "observer",
      target: "UNHCR",
    });
    await openRoundThroughBot(secretariat, 1, DEADLINE_TYPED);
    olivia.command("review");
    await olivia.waitForText(/Preamble/);
    const card = await waitForCard(olivia, "Item 1 of 9");
    expect(card.text).toMatch(/As an observer you can read the items and comment on them/);
    expect(card.buttons.flat()).toEqual(["💬 Comment", "Next ▶"]);

    await olivia.press("💬 Comment");
    await olivia.waitForText(/send your comment on item/);
    olivia.send("UNHCR stands ready to support the secretariat in its initial phase.");
    await olivia.waitForText(/Your comment on item 1 is recorded/);
    await waitForCard(olivia, "Item 1 of 9");

    const { data, messageId } = dataOf(olivia, "💬 Comment");
    const support = await olivia.pressData(data.replace(/:cc$/, ":s"), messageId);
    expect(support.text).toMatch(/Observers can read and comment, but do not record positions/);
    const amend = await olivia.pressData(data.replace(/:cc$/, ":ca"), messageId);
    expect(amend.text).toMatch(/Observers can read and comment/);
    expect(positions(w)).toEqual([]);
    expect(query(w, "SELECT person_role, org_code, kind, text FROM review_comments")).toEqual([
      {
        person_role: "observer",
        org_code: "UNHCR",
        kind: "comment",
        text: "UNHCR stands ready to support the secretariat in its initial phase.",
      },
    ]);

    const item1 = await openTally(secretariat);
    expect(item1).toMatch(
      /Observers:[\s\S]*Comment — Olivia \(UNHCR\), .*: «UNHCR stands ready to support the secretariat in its initial phase\.»/,
    );
    expect(item1).toMatch(/Kazakhstan: not answered/);
  });

  it("after a round is closed and adopted, coordinators confirm it was passed to their government, and the tally tracks it", async () => {
    const { w, secretariat } = await begin();
    const aigerim = await joinAs(w, secretariat, {
      id: 201,
      name: "Aigerim",
      role: "coordinator",
      target: "Kazakhstan",
    });
    const bakyt = await joinAs(w, secretariat, {
      id: 211,
      name: "Bakyt",
      role: "coordinator",
      target: "Kyrgyzstan",
    });
    const dana = await joinAs(w, secretariat, {
      id: 202,
      name: "Dana",
      role: "alternate",
      target: "Kazakhstan",
    });
    await openRoundThroughBot(secretariat, 1, DEADLINE_TYPED);
    await untilButton(secretariat, "Close now");
    await secretariat.press("Close now");
    await secretariat.waitForText(/Close the round now/);
    await secretariat.press("Yes, close it now");
    await secretariat.waitForText(/The round is closed. Was it adopted/);
    await untilButton(secretariat, "Adopted");
    await secretariat.press("Adopted");
    await secretariat.waitForText(/Mark the round as adopted/);
    await secretariat.press("Yes, adopted: ask the states to confirm");
    await secretariat.waitForText(/Recorded as adopted. Requests to confirm passing to government: 2/);

    const request = await aigerim.waitForText(
      /Please confirm when they were passed to the Government of Kazakhstan/,
    );
    expect(request.buttons.flat()).toEqual(["Passed today", "Enter the date"]);
    const asked = query<{ person_id: number }>(
      w,
      "SELECT person_id FROM outbox WHERE kind = 'review.government_request' ORDER BY person_id",
    );
    // Kazakhstan's coordinator is asked, not its alternate.
    expect(asked.map((a) => a.person_id)).toEqual([personId(w, 201), personId(w, 211)]);
    expect(dana.messages().some((m) => /Government of/.test(m.text))).toBe(false);
    await aigerim.press("Passed today");
    await aigerim.waitForText(/You may add a short note/);
    await aigerim.press("No note");
    await aigerim.waitForText(
      /Recorded: the recommendations .* were passed to the Government of Kazakhstan on 1 Dec 2026/,
    );

    w.bot.setClock("2026-12-10T06:00:00Z");
    await bakyt.waitForText(/Government of Kyrgyzstan/);
    await bakyt.press("Enter the date");
    await bakyt.waitForText(/as DD\.MM\.YYYY/);
    bakyt.send("31.02.2026");
    await bakyt.waitForText(/could not read that date/);
    bakyt.send("20.12.2026");
    await bakyt.waitForText(/cannot be in the future/);
    bakyt.send("07.12.2026");
    await bakyt.waitForText(/You may add a short note/);
    bakyt.send("Sent to the Ministry of Foreign Affairs");
    await bakyt.waitForText(/Government of Kyrgyzstan on 7 Dec 2026/);

    expect(query(w, "SELECT state_code, passed_on, note FROM government_confirmations ORDER BY id")).toEqual([
      { state_code: "KZ", passed_on: "2026-12-01", note: null },
      { state_code: "KG", passed_on: "2026-12-07", note: "Sent to the Ministry of Foreign Affairs" },
    ]);
    const tally = await openTally(secretariat);
    expect(tally).toMatch(
      /Passed to government: Kazakhstan — 1 Dec 2026; Kyrgyzstan — 7 Dec 2026 \(«Sent to the Ministry of Foreign Affairs»\)\. Not yet confirmed: Tajikistan, Turkmenistan\./,
    );
  });

  it("nudges reach only the states that have not finished, once each, in their language with the deadline in their own time zone", async () => {
    const { w, secretariat } = await begin();
    const aigerim = await joinAs(w, secretariat, {
      id: 201,
      name: "Aigerim",
      role: "coordinator",
      target: "Kazakhstan",
    });
    const bakyt = await joinAs(w, secretariat, {
      id: 211,
      name: "Бакыт",
      role: "coordinator",
      target: "Kyrgyzstan",
      language: "Русский",
    });
    const aida = await joinAs(w, secretariat, {
      id: 212,
      name: "Aida",
      role: "alternate",
      target: "Kyrgyzstan",
    });
    const firuz = await joinAs(w, secretariat, {
      id: 221,
      name: "Firuz",
      role: "coordinator",
      target: "Tajikistan",
    });
    await openRoundThroughBot(secretariat, 1, DEADLINE_TYPED);
    await startReview(aigerim);
    await answerCards(aigerim, 1, 9, "✅ Support");
    await startReview(firuz);
    await answerCards(firuz, 1, 2, "✅ Support");
    await bakyt.waitForText(/приглашает вас/);
    await aida.waitForText(/invites Kyrgyzstan/);

    w.bot.setClock(new Date(DEADLINE - 72 * HOUR + 60_000));
    const ru = await bakyt.waitForText(/Напоминание/, 15_000);
    expect(ru.text).toMatch(/Кыргызстан — отвечено пунктов: 0 из 9/);
    expect(ru.text).toMatch(/25 декабря 2026, 19:00 \(ваше время, Бишкек, UTC\+6; Алматы, UTC\+5: 18:00\)/);
    const en = await firuz.waitForText(/Reminder: Tajikistan has answered 2 of 9 items/);
    expect(en.text).toMatch(/25 December 2026, 18:00 \(your time, Dushanbe, UTC\+5\)/);
    await aida.waitForText(/Reminder: Kyrgyzstan has answered 0 of 9 items/);
    await new Promise((r) => setTimeout(r, 6_000)); // the tick runs again meanwhile
    const reminders = (u: SimUser) => u.messages().filter((m) => /Reminder|Напоминание/.test(m.text)).length;
    expect([reminders(aigerim), reminders(bakyt), reminders(aida), reminders(firuz)]).toEqual([0, 1, 1, 1]);

    // Tajikistan finishes; at one day before, only Kyrgyzstan is nudged again.
    await firuz.press("Continue the review");
    await waitForCard(firuz, "Item 3 of 9");
    await answerCards(firuz, 3, 9, "✅ Support");
    w.bot.setClock(new Date(DEADLINE - 24 * HOUR + 60_000));
    await bakyt.waitForText(/Напоминание/, 15_000);
    await aida.waitForText(/Reminder: Kyrgyzstan/);
    await new Promise((r) => setTimeout(r, 6_000));
    expect([reminders(aigerim), reminders(bakyt), reminders(aida), reminders(firuz)]).toEqual([0, 2, 2, 1]);

    const sent = query<{ person_id: number; status: string }>(
      w,
      "SELECT person_id, status FROM outbox WHERE kind = 'review.nudge' ORDER BY id",
    );
    const ids = { bakyt: personId(w, 211), aida: personId(w, 212), firuz: personId(w, 221) };
    expect(
      sent
        .filter((s) => s.status === "sent")
        .map((s) => s.person_id)
        .sort(),
    ).toEqual([ids.bakyt, ids.aida, ids.firuz, ids.bakyt, ids.aida].sort());
    expect(sent.map((s) => s.person_id)).not.toContain(personId(w, 201));
  });

  it("the secretariat creates rounds from files: a malformed file names the line and creates nothing; two languages make one round; the CLI does the same", async () => {
    const { w, secretariat } = await begin();
    const rounds = () => query<{ n: number }>(w, "SELECT COUNT(*) AS n FROM review_rounds")[0]?.n;
    expect(rounds()).toBe(1);

    secretariat.sendDocument({
      filename: "broken.txt",
      mimeType: "text/plain",
      content: "title: Draft\n\n1. First\n3. Third\n   b) a sub-item\n",
    });
    const answer = await secretariat.waitForText(/Nothing was created/);
    expect(answer.text).toMatch(/Line 4: item 3 is out of order; item 2 was expected here/);
    expect(answer.text).toMatch(/Line 5: in item 3, sub-item “b\)” is out of order; “a\)” was expected/);
    secretariat.sendDocument({ filename: "scan.pdf", mimeType: "application/pdf", content: "%PDF-1.4" });
    await secretariat.waitForText(/is not a plain-text file/);
    expect(rounds()).toBe(1);

    const ru =
      "title: Проект\nlanguage: ru\n\n1. Первый пункт\n2. Второй пункт:\n  а) подпункт\n  б) ещё подпункт\n";
    const en =
      "title: Draft\nlanguage: en\n\n1. First item\n2. Second item:\n  a) sub-item\n  b) another sub-item\n";
    sendAlbum(
      w,
      secretariat,
      [
        { filename: "draft.ru.txt", content: ru, mimeType: "text/plain" },
        { filename: "draft.en.txt", content: en, mimeType: "text/plain" },
      ],
      "album-1",
    );
    await secretariat.waitForText(/Draft round #2 created from “draft.ru.txt”/);
    await secretariat.waitForText(/The en version was added/);
    expect(query(w, "SELECT lang, title FROM review_round_texts WHERE round_id = 2 ORDER BY lang")).toEqual([
      { lang: "en", title: "Draft" },
      { lang: "ru", title: "Проект" },
    ]);
    expect(query(w, "SELECT ordinal, item_number, sub_index FROM review_items WHERE round_id = 2")).toEqual([
      { ordinal: 1, item_number: 1, sub_index: null },
      { ordinal: 2, item_number: 2, sub_index: 0 },
      { ordinal: 3, item_number: 2, sub_index: 1 },
    ]);

    // A language added later from the round's card must match the draft.
    secretariat.sendDocument({
      filename: "one.txt",
      mimeType: "text/plain",
      content: ru.replace("Проект", "Другой"),
    });
    await secretariat.waitForText(/Draft round #3 created/);
    await secretariat.press("Add a language");
    await secretariat.waitForText(/send the file of the other language version/);
    secretariat.send("here it comes");
    await secretariat.waitForText(/Please send the file as a document/);
    secretariat.sendDocument({
      filename: "short.en.txt",
      mimeType: "text/plain",
      content: "title: T\nlanguage: en\n1. Only\n",
    });
    await secretariat.waitForText(/Item 2 is missing from the en version/);
    secretariat.sendDocument({ filename: "ok.en.txt", mimeType: "text/plain", content: en });
    await secretariat.waitForText(/The en version was added/);
    expect(rounds()).toBe(3);

    const bad = join(w.bot.dir, "bad.txt");
    writeFileSync(bad, "title: Bad\n1. One\n\nstray: key\n2.\n");
    const failed = await w.bot
      .admin("import-round", bad)
      .catch((error: { code: number; stderr: string }) => error);
    expect("code" in failed ? failed.code : 0).toBe(1);
    expect("stderr" in failed ? failed.stderr : "").toMatch(/Line 5: item 2 has no text/);
    expect(rounds()).toBe(3);
    const ruFile = join(w.bot.dir, "r.ru.txt");
    const enFile = join(w.bot.dir, "r.en.txt");
    writeFileSync(ruFile, ru);
    writeFileSync(enFile, en);
    const { stdout } = await w.bot.admin("import-round", ruFile, enFile);
    expect(stdout).toMatch(/draft round #4 created \(ru, en\): Проект/);
    expect(rounds()).toBe(4);
  });
});
