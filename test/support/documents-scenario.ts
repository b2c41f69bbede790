/**
 * Steps of the documents' end-to-end stories: a two-item round imported in Russian and English
 * and opened to Kazakhstan and Kyrgyzstan, answered through the review cards with long texts that
 * hold `< > &` and Cyrillic; and reading what the bot sent back: a document's file, a spreadsheet
 * cell's note, the colour of a state's cell in the tally picture.
 */
import type ExcelJS from "exceljs";
import type { PNG } from "pngjs";
import { cellBox, tallyLayout } from "../../src/documents/tally-picture-layout.js";
import { pixel } from "./document-readers.js";
import { joinAs, openRoundThroughBot, sendAlbum, waitForCard } from "./review-scenario.js";
import { untilButton, type World } from "./scenario.js";
import type { MessageView } from "./sim-chat.js";
import type { SimUser } from "./sim-user.js";

const LIMIT = 2000;

/** Fills `start` with `filler` up to `length` characters (the bot takes at most 2,000). */
function longText(start: string, filler: string, length: number): string {
  return `${start}${filler.repeat(Math.ceil(length / filler.length))}`.slice(0, length).trimEnd();
}

/** Kazakhstan's objection to item 2: as long as the bot takes, with `< > &` and Cyrillic. */
export const KZ_REASON = longText(
  "Формулировка «A < B & C > D» неприемлема: ",
  "требуется согласование с министерством & ведомствами. ",
  LIMIT - 10,
);
/** Kazakhstan's proposed wording for item 2, as long. */
export const KZ_WORDING = longText(
  "Провести совещание <до 2027 года> & консультации: ",
  "уточнённая формулировка пункта. ",
  LIMIT - 10,
);
/** Kyrgyzstan's first answer on item 1, superseded by its support. */
export const KG_REASON = "Нужны консультации: < > & «кавычки»";
/** Kyrgyzstan's comment on item 1. */
export const KG_COMMENT = longText("Комментарий Кыргызстана & <МИД>: ", "поддерживаем с оговорками. ", 1900);

const RU =
  "title: Проект рекомендаций о сотрудничестве\nlanguage: ru\n\n1. Одобрить региональную программу сотрудничества\n2. Провести совещание национальных координаторов\n";
const EN =
  "title: Draft recommendations on cooperation\nlanguage: en\n\n1. Approve the regional cooperation programme\n2. Hold a meeting of national coordinators\n";

export interface AnsweredRound {
  roundId: number;
  aigerim: SimUser;
  bakyt: SimUser;
}

/**
 * Round #2, imported from a Russian and an English file and opened to Kazakhstan and Kyrgyzstan.
 * Kazakhstan (Aigerim, English) supports 1, proposes wording for 2 and objects to it; Kyrgyzstan
 * (Бакыт, Russian) objects to 1, comments on it, then supports 1 and 2.
 */
export async function answeredRound(
  w: World,
  secretariat: SimUser,
  deadline: string,
): Promise<AnsweredRound> {
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
  sendAlbum(
    w,
    secretariat,
    [
      { filename: "draft.ru.txt", content: RU, mimeType: "text/plain" },
      { filename: "draft.en.txt", content: EN, mimeType: "text/plain" },
    ],
    "documents-album",
  );
  await secretariat.waitForText(/Draft round #2 created/);
  await secretariat.waitForText(/The en version was added/);
  await secretariat.waitForText(/Round #2/); // the card sent after the second file
  await secretariat.press("States taking part");
  for (const state of ["Tajikistan", "Turkmenistan"]) {
    await untilButton(secretariat, `✅ ${state}`);
    await secretariat.press(`✅ ${state}`);
    await untilButton(secretariat, `▫️ ${state}`);
  }
  await secretariat.press("Done");
  await secretariat.waitForText(/States taking part \(2\): Kazakhstan, Kyrgyzstan/);
  await openRoundThroughBot(secretariat, 2, deadline);

  await aigerim.waitForText(/invites Kazakhstan to review/);
  await aigerim.press("Start the review");
  await waitForCard(aigerim, "Item 1 of 2");
  await aigerim.press("✅ Support");
  await waitForCard(aigerim, "Item 2 of 2");
  await aigerim.press("💬 Comment or amend");
  await untilButton(aigerim, "✏️ Propose wording");
  await aigerim.press("✏️ Propose wording");
  await aigerim.waitForText(/send the wording you propose for item/);
  aigerim.send(KZ_WORDING);
  await aigerim.waitForText(/Your proposed wording for item 2 is recorded/);
  await waitForCard(aigerim, "Item 2 of 2");
  await aigerim.press("❌ Object");
  await aigerim.waitForText(/send the reason/);
  aigerim.send(KZ_REASON);
  await waitForCard(aigerim, /Positions of Kazakhstan/);

  await bakyt.waitForText(/приглашает вас/);
  await bakyt.press("Начать рассмотрение");
  await waitForCard(bakyt, "Пункт 1 из 2");
  await bakyt.press("❌ Возразить");
  await bakyt.waitForText(/Отправьте причину/);
  bakyt.send(KG_REASON);
  await waitForCard(bakyt, "Пункт 2 из 2");
  await bakyt.press("◀ Назад");
  await waitForCard(bakyt, "Пункт 1 из 2");
  await bakyt.press("💬 Комментарий или поправка");
  await untilButton(bakyt, "💬 Комментарий");
  await bakyt.press("💬 Комментарий");
  await bakyt.waitForText(/Отправьте ваш комментарий/);
  bakyt.send(KG_COMMENT);
  await bakyt.waitForText(/Ваш комментарий к пункту 1 записан/);
  await waitForCard(bakyt, "Пункт 1 из 2");
  await bakyt.press("✅ Поддержать");
  await waitForCard(bakyt, "Пункт 2 из 2");
  await bakyt.press("✅ Поддержать");
  await waitForCard(bakyt, /Позиции:/);
  return { roundId: 2, aigerim, bakyt };
}

/** Presses `button` and returns the next message carrying a document whose caption matches. */
export async function receiveDocument(
  user: SimUser,
  button: string,
  caption: RegExp,
  messageId?: number,
): Promise<MessageView & { document: NonNullable<MessageView["document"]> }> {
  await user.press(button, messageId === undefined ? {} : { messageId });
  const message = await user.waitForText(caption);
  if (!message.document) throw new Error(`no document in the message "${message.text}"`);
  return message as MessageView & { document: NonNullable<MessageView["document"]> };
}

/** The colour (RRGGBB) of state `row`'s cell on item `column` in a tally picture, clear of the mark. */
export function pictureCell(png: PNG, states: number, items: number, row: number, column: number): string {
  const box = cellBox(tallyLayout(states, items), row, column);
  return pixel(png, box.x + 3, box.y + box.height / 2);
}

/** A cell's note as plain text, however ExcelJS read it back. */
export function noteText(cell: ExcelJS.Cell): string {
  const note = cell.note as string | { texts?: { text: string }[] } | undefined;
  if (!note) return "";
  return typeof note === "string" ? note : (note.texts ?? []).map((t) => t.text).join("");
}
