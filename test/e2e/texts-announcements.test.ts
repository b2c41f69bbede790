/**
 * What the secretariat and recipients read about announcements, end to end: prompts name languages
 * in the interface's language; the preview shows every version as it will be sent; the
 * confirmation names the chosen states; Send and Cancel go once one is pressed; the report says in
 * plain words why someone could not be reached; /announcements shows each one's first words;
 * "acknowledged N of M" counts those who received it; a re-sent copy says it is a reminder.
 */
import { afterEach, describe, expect, it } from "vitest";
import { firstSecretariat, startWorld, untilButton, type World } from "../support/scenario.js";
import { seedPeople } from "../support/seed-people.js";
import type { SimUser } from "../support/sim-user.js";

const START = "2026-12-01T06:00:00Z"; // 11:00 in Almaty

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const ENGLISH = "The meeting moves to Room 5 on Friday morning.";
const RUSSIAN = "Встреча переносится в зал 5 на утро пятницы.";

describe("texts of announcements", () => {
  it("from the prompts to the re-sent reminder, every text says what it means", async () => {
    world = await startWorld({ clock: START });
    const secretariat = await firstSecretariat(world);
    seedPeople(
      world.bot.databasePath,
      [
        { telegramId: 2001, name: "Aigerim", role: "coordinator", state: "KZ", language: "ru" },
        { telegramId: 2002, name: "Bakyt", role: "coordinator", state: "KG", language: "en" },
        // Never wrote to the bot: Telegram refuses to let the bot start the conversation.
        { telegramId: 2003, name: "Firuz", role: "coordinator", state: "TJ", language: "en" },
      ],
      Date.parse(START),
    );
    const aigerim = world.fake.user({ id: 2001, first_name: "Aigerim", language_code: "ru", started: true });
    const bakyt = world.fake.user({ id: 2002, first_name: "Bakyt", language_code: "en", started: true });

    secretariat.command("announce");
    const ask = await secretariat.waitForText(/^Send the announcement in /);
    expect(ask.text).toMatch(/^Send the announcement in English: /);
    secretariat.send(ENGLISH);
    await secretariat.waitForText(/Add a version in another language/);
    expect(secretariat.buttons()).toEqual([
      "Add the Russian version",
      "Add the Kazakh version",
      "Add the Kyrgyz version",
      "Add the Tajik version",
      "Add the Turkmen version",
      "Add the Uzbek version",
      "Continue without",
    ]);
    await secretariat.press(/Russian|Русский/);
    const askRussian = await secretariat.waitForText(/^Send the .* version/);
    expect(askRussian.text).toBe("Send the Russian version: text, or a photo or document with a caption.");
    secretariat.send(RUSSIAN);
    await secretariat.waitForText(/Add a version in another language/);
    await secretariat.press("Continue without");
    await secretariat.waitForText(/Who should receive it/);
    await secretariat.press("Chosen states");
    await secretariat.waitForText(/Choose the states/);
    for (const state of ["Kazakhstan", "Kyrgyzstan", "Tajikistan"]) {
      await secretariat.press(state);
      await untilButton(secretariat, `✓ ${state}`);
    }
    await secretariat.press("Done");
    await secretariat.waitForText(/confirm that they have read it/);
    await secretariat.press("Ask for acknowledgement");

    // The preview: each version as its recipients will see it, with their Acknowledge button.
    const intro = await secretariat.waitForText(/^Preview/);
    expect(intro.text).toBe("Preview — each version exactly as its recipients will see it:");
    const confirm = await secretariat.waitForText(/Send it now\?/);
    const previews = secretariat
      .messages()
      .filter((m) => m.message_id > intro.message_id && m.message_id < confirm.message_id);
    expect(previews.map((m) => [m.text, m.buttons])).toEqual([
      ["▼ The English version (also for everyone whose language has no version of its own):", []],
      [ENGLISH, [["Acknowledge"]]],
      ["▼ The Russian version:", []],
      [RUSSIAN, [["Подтверждаю"]]],
    ]);
    expect(confirm.text).toBe(
      "It will go to 3 recipients (Chosen states: Kazakhstan, Kyrgyzstan, Tajikistan), versions: English, Russian. Send it now?",
    );
    await secretariat.press("Send");
    // Send and Cancel are gone from the confirmation (by the time the report comes).
    const report = await secretariat.waitForText(/delivery report/, 15_000);
    expect(secretariat.messages().find((m) => m.message_id === confirm.message_id)?.buttons).toEqual([]);

    expect(report.text).toMatch(
      /Blocked the bot: 1\n• Firuz \(Tajikistan\): this person cannot receive messages from the bot$/,
    );
    expect(report.text).not.toMatch(/Forbidden|403/);

    expect((await aigerim.nextMessage()).text).toBe(RUSSIAN);
    expect((await bakyt.nextMessage()).text).toBe(ENGLISH);
    await aigerim.press("Подтверждаю");

    secretariat.command("announcements");
    await secretariat.waitForText(/Recent announcements/);
    expect(secretariat.buttons()).toEqual(["#1 · 1 Dec 2026 · 2/3 · The meeting moves to Room 5 on…"]);
    await secretariat.press(/^#1 /);
    const detail = await secretariat.waitForText(/Acknowledged/);
    expect(detail.text).toMatch(/Audience: Chosen states: Kazakhstan, Kyrgyzstan, Tajikistan/);
    expect(detail.text).toMatch(/Acknowledged: 1 of the 2 who received it$/);

    await secretariat.press("Re-send to those who have not acknowledged");
    await untilButton(secretariat, "Re-send to 1 person");
    await secretariat.press("Re-send to 1 person");
    await secretariat.waitForText(/Re-sent to 1 person/);
    const again = await bakyt.nextMessage();
    expect(again.text).toBe(
      `⏰ Reminder: the secretariat asks you to acknowledge this announcement with the button below.\n\n${ENGLISH}`,
    );
    expect(again.entities).toEqual([expect.objectContaining({ type: "bold", offset: 0 })]);
    expect(again.buttons).toEqual([["⏰ Acknowledge (reminder)"]]);
    expect((await bakyt.press("⏰ Acknowledge (reminder)")).text).toMatch(/recorded/);
    await aigerim.expectNoMessage(300);
  });

  it("a Russian interface names the languages in Russian", async () => {
    world = await startWorld({ clock: START });
    const secretariat: SimUser = await firstSecretariat(world, 100, "Русский");
    secretariat.command("announce");
    const ask = await secretariat.waitForText(/^Отправьте объявление на языке/);
    expect(ask.text).toMatch(/^Отправьте объявление на языке: русский — /);
    secretariat.send(RUSSIAN);
    await secretariat.waitForText(/Добавить версию на другом языке/);
    expect(secretariat.buttons()).toContain("Добавить версию: английский");
    await secretariat.press(/английский|English/);
    const askEnglish = await secretariat.waitForText(/^Отправьте версию на языке/);
    expect(askEnglish.text).toMatch(/^Отправьте версию на языке: английский — /);

    // Chosen roles: the confirmation names them, in the interface's language.
    seedPeople(
      world.bot.databasePath,
      [{ telegramId: 2101, name: "Olivia", role: "observer", org: "UNHCR", language: "en" }],
      Date.parse(START),
    );
    secretariat.send(ENGLISH);
    await secretariat.waitForText(/Добавить версию на другом языке/);
    await secretariat.press("Продолжить без неё");
    await secretariat.waitForText(/Кому отправить/);
    await secretariat.press("Выбранным ролям");
    await secretariat.waitForText(/Выберите роли/);
    await secretariat.press("Наблюдатель");
    await untilButton(secretariat, "✓ Наблюдатель");
    await secretariat.press("Готово");
    await secretariat.waitForText(/подтвердить прочтение/);
    await secretariat.press("Без подтверждения");
    const confirm = await secretariat.waitForText(/Отправить сейчас\?/);
    expect(confirm.text).toBe(
      "Объявление получит 1 человек (Выбранным ролям: Наблюдатель), версии: русский, английский. Отправить сейчас?",
    );
  });
});
