/**
 * Dates, times and zones as people read them, end to end: English in day-month order; zones as a
 * city (in the reader's language) and offset, never an IANA id, in joining, /me, /timezone and its
 * buttons, invitations, cards and reminders; "your time" whenever the times are the reader's own,
 * also in the venue's zone; deadlines with the venue's (or Almaty's) time beside the reader's.
 * And Russian: no "2026 г.." after a date, titles in «» with the words around them agreeing.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  createMeetingThroughBot,
  type MeetingWorld,
  meetingWorld,
  next,
} from "../support/meetings-scenario.js";
import { joinAs, openRoundThroughBot, waitForCard } from "../support/review-scenario.js";
import {
  codeOf,
  firstSecretariat,
  inviteThroughBot,
  startWorld,
  untilButton,
  type World,
} from "../support/scenario.js";

const START = "2026-12-01T06:00:00Z"; // 11:00 in Almaty, 12:00 in Bishkek

let world: World | undefined;
let story: MeetingWorld | undefined;
afterEach(async () => {
  await world?.close();
  await story?.world.close();
  world = undefined;
  story = undefined;
});

describe("dates, times and zones", () => {
  it("names zones by city and offset when joining, in /me and /timezone (buttons too), and in the invitation link's expiry", async () => {
    world = await startWorld({ clock: START });
    const secretariat = await firstSecretariat(world);
    const link = await inviteThroughBot(secretariat, "National coordinator", "Kyrgyzstan");
    const created = secretariat.messages().find((m) => m.text.includes(link));
    expect(created?.text).toMatch(
      /It works once and expires on 8 December 2026, 11:00 \(your time, Almaty, UTC\+5\)\./,
    );

    const bakyt = world.fake.user({ id: 702, first_name: "Bakyt", language_code: "en" });
    bakyt.command("start", codeOf(link));
    await bakyt.waitForText(/You are invited/);
    await bakyt.press("Yes, that is right");
    await bakyt.waitForText(/Which language/);
    await bakyt.press("English");
    const prompt = await bakyt.waitForText(/time zone/);
    expect(prompt.text).toBe(
      "Times will be shown as your time in Bishkek, UTC+6; it is 12:00 there now. Keep this time zone?",
    );
    expect(prompt.buttons.flat()).toEqual(["Keep Bishkek, UTC+6", "Choose another time zone"]);
    await bakyt.press(/^Keep /);
    await bakyt.waitForText(/You are in/);

    bakyt.command("me");
    expect((await bakyt.waitForText(/Time zone/)).text).toMatch(
      /\nTime zone: Bishkek, UTC\+6\nMember since: 1 Dec 2026$/,
    );

    bakyt.command("timezone");
    const current = await bakyt.waitForText(/Your time zone is/);
    expect(current.text).toMatch(/^Your time zone is Bishkek, UTC\+6; it is 12:00 there now\./);
    expect(current.buttons.flat()).toEqual([
      "Almaty, UTC+5",
      "Bishkek, UTC+6",
      "Dushanbe, UTC+5",
      "Ashgabat, UTC+5",
      "Tashkent, UTC+5",
      "Kabul, UTC+4:30",
      "Tehran, UTC+3:30",
      "Moscow, UTC+3",
      "Istanbul, UTC+3",
      "Baku, UTC+4",
      "Beijing, UTC+8",
      "Geneva, UTC+1",
      "UTC",
    ]);
    expect(current.text).not.toMatch(/Asia\//);
    await bakyt.press(/Tashkent/);
    expect((await bakyt.waitForText(/^Done/)).text).toBe(
      "Done: times will be shown in your time zone, Tashkent, UTC+5; it is 11:00 there now.",
    );
    // A zone the bot does not name is shown by the city of its IANA id.
    bakyt.command("timezone");
    await bakyt.waitForText(/Your time zone is/);
    bakyt.send("America/Argentina/Buenos_Aires");
    expect((await bakyt.waitForText(/^Done/)).text).toMatch(/in your time zone, Buenos Aires, UTC-3;/);

    // The secretariat's card of the person names the zone the same way.
    secretariat.command("people");
    await secretariat.waitForText(/People: 2/);
    await secretariat.press("Bakyt");
    const card = await secretariat.waitForText(/^Bakyt\n/);
    expect(card.text).toMatch(/\nTime zone: Buenos Aires, UTC-3\nJoined: 1 Dec 2026\n/);

    // In Russian, the cities are Russian.
    const ru = world.fake.user({ id: 703, first_name: "Айгерим", language_code: "ru" });
    const ruLink = await inviteThroughBot(secretariat, "National coordinator", "Kazakhstan");
    ru.command("start", codeOf(ruLink));
    await ru.waitForText(/приглашены/);
    await ru.press("Да, верно");
    await ru.waitForText(/каком языке/);
    await ru.press("Русский");
    await ru.waitForText(/часовом поясе/);
    expect(ru.buttons()).toEqual(["Оставить Алматы, UTC+5", "Выбрать другой часовой пояс"]);
    await ru.press(/^Оставить /);
    await ru.waitForText(/Готово, /);
    ru.command("timezone");
    const ruList = await ru.waitForText(/Ваш часовой пояс/);
    expect(ruList.text).toMatch(/^Ваш часовой пояс: Алматы, UTC\+5; сейчас там 11:00\./);
    expect(ruList.buttons.flat()).toContain("Бишкек, UTC+6");
    expect(ruList.buttons.flat()).toContain("Женева, UTC+1");
  });

  it("review deadlines are the reader's time with Almaty's beside it; Russian dates end without «г.», titles sit in «»", async () => {
    world = await startWorld({ clock: START });
    const secretariat = await firstSecretariat(world);
    const bakyt = await joinAs(world, secretariat, {
      id: 211,
      name: "Bakyt",
      role: "coordinator",
      target: "Kyrgyzstan",
    });
    const aigerim = await joinAs(world, secretariat, {
      id: 201,
      name: "Aigerim",
      role: "coordinator",
      target: "Kazakhstan",
      language: "Русский",
    });
    await openRoundThroughBot(secretariat, 1, "25.12.2026 18:00");

    const invitation = await bakyt.waitForText(/invites Kyrgyzstan to review/);
    expect(invitation.text).toMatch(
      /Positions can be given until 25 December 2026, 19:00 \(your time, Bishkek, UTC\+6; Almaty, UTC\+5: 18:00\)\./,
    );
    await bakyt.press("Start the review");
    const card = await waitForCard(bakyt, "Item 1 of 9");
    expect(card.text).toMatch(
      /Positions can be given or changed until 25 December 2026, 19:00 \(your time, Bishkek, UTC\+6; Almaty, UTC\+5: 18:00\)\./,
    );
    const ruInvitation = await aigerim.waitForText(/приглашает вас/);
    expect(ruInvitation.text).toMatch(
      /Позиции можно указать до 25 декабря 2026, 18:00 \(ваше время, Алматы, UTC\+5\)\./,
    );

    // Adopted: the Russian request names the document in «», and the date ends the sentence once.
    await untilButton(secretariat, "Close now");
    await secretariat.press("Close now");
    await secretariat.waitForText(/Close the round now/);
    await secretariat.press("Yes, close it now");
    await untilButton(secretariat, "Adopted");
    await secretariat.press("Adopted");
    await secretariat.waitForText(/Mark the round as adopted/);
    await secretariat.press("Yes, adopted: ask the states to confirm");
    const request = await aigerim.waitForText(/Правительству/);
    expect(request.text).toMatch(
      /^Документ «Рекомендации по подготовке к официальному началу .*» принят\.\n/,
    );
    await aigerim.press("Указать дату");
    await aigerim.waitForText(/ДД\.ММ\.ГГГГ/);
    aigerim.send("01.12.2026");
    const note = await aigerim.waitForText(/^Дата: /);
    expect(note.text).toMatch(/^Дата: 1 дек\. 2026\. Можно добавить/);
    expect(note.text).not.toMatch(/г\.\./);
    await aigerim.press("Без примечания");
    const recorded = await aigerim.waitForText(/^✔ Спасибо\. Записано: рекомендации/);
    expect(recorded.text).toMatch(/переданы Правительству \(Казахстан\) 1 дек\. 2026\.$/);
    expect(recorded.text).not.toMatch(/г\.\./);
  });

  it("meeting times say \"your time\" also in the venue's zone, with the venue's time beside the reader's, the deadline too", async () => {
    story = await meetingWorld({ tj: "Русский" });
    const { secretariat, kz, kg, tj } = story;
    await createMeetingThroughBot(secretariat);

    const almaty = await next(kz, /You are invited/);
    expect(almaty.text).toMatch(
      /\nWhen: 25 December 2026, 10:00 – 13:00 \(your time, Almaty, UTC\+5; the same at the venue\)\n/,
    );
    expect(almaty.text).toMatch(
      /\n\nPlease answer by 15 December 2026, 18:00 \(your time, Almaty, UTC\+5\)\.\n/,
    );
    const bishkek = await next(kg, /You are invited/);
    expect(bishkek.text).toMatch(
      /\nWhen: 25 December 2026, 11:00 – 14:00 \(your time, Bishkek, UTC\+6\)\nAt the venue: 25 December 2026, 10:00 – 13:00 \(Almaty, UTC\+5\)\n/,
    );
    expect(bishkek.text).toMatch(
      /Please answer by 15 December 2026, 19:00 \(your time, Bishkek, UTC\+6; Almaty, UTC\+5: 18:00\)\./,
    );
    expect(bishkek.text).not.toMatch(/Asia\//);
    const dushanbe = await next(tj, /приглашены на мероприятие/);
    expect(dushanbe.text).toMatch(
      /Когда: 25 декабря 2026, 10:00 – 13:00 \(ваше время, Душанбе, UTC\+5; по месту проведения — так же\)/,
    );
    // Russian: the title in «», the sentence agreeing with it.
    await tj.press("Отказаться");
    const declined = await next(tj, /Записано/);
    expect(declined.text).toMatch(
      /^Записано: ваша делегация не примет участия в мероприятии «Совещание национальных координаторов»\./,
    );
  });
});
