/**
 * The region's languages, end to end: a Kyrgyz-speaking national coordinator whose Telegram is in
 * Kyrgyz is greeted in Kyrgyz on first contact, picks Кыргызча among the seven languages (each in
 * its own name), reviews a card of the founding round — the official text in Russian with a note in
 * Kyrgyz and a button that switches the document to English without changing the interface — and
 * answers a meeting invitation in Kyrgyz, with dates in Kyrgyz.
 */
import { afterEach, describe, expect, it } from "vitest";
import { next } from "../support/meetings-scenario.js";
import { openRoundThroughBot, query, waitForCard } from "../support/review-scenario.js";
import {
  codeOf,
  firstSecretariat,
  inviteThroughBot,
  startWorld,
  untilButton,
  type World,
} from "../support/scenario.js";

const START = "2026-12-01T06:00:00Z"; // 11:00 in Almaty

let world: World | undefined;
afterEach(async () => {
  const errors =
    world?.bot.logs.filter(
      (l) => l.level >= 50 || /update failed|could not send the error answer/.test(l.msg),
    ) ?? [];
  await world?.close();
  world = undefined;
  expect(errors).toEqual([]);
});

describe("languages of the region", () => {
  it("a Kyrgyz-speaking coordinator joins, reviews a card and answers an invitation in Kyrgyz", async () => {
    world = await startWorld({ clock: START });
    const w = world;
    const secretariat = await firstSecretariat(w);

    // First contact: Telegram says Kyrgyz, so the bot speaks Kyrgyz before anything is chosen.
    const link = await inviteThroughBot(secretariat, "National coordinator", "Kyrgyzstan");
    const aigul = w.fake.user({ id: 301, first_name: "Айгүл", language_code: "ky" });
    aigul.command("start", codeOf(link));
    const welcome = await aigul.waitForText(/Кош келиңиз!/);
    expect(welcome.text).toContain("Алматы процессинин ботуна Улуттук координатор — Кыргызстан катары");
    await aigul.press("Ооба, туура");
    const picker = await aigul.waitForText(/Сиз менен кайсы тилде сүйлөшөйүн/);
    expect(picker.buttons).toEqual([
      ["Русский", "English"],
      ["Қазақша", "Кыргызча"],
      ["Тоҷикӣ", "Türkmençe"],
      ["Oʻzbekcha"],
    ]);
    await aigul.press("Кыргызча");
    await aigul.waitForText(/Бишкек, UTC\+6 саат алкагында — Сиздин убакыт катары көрсөтүлөт/);
    await aigul.press("Калтыруу: Бишкек, UTC+6");
    await aigul.waitForText(/Сиз катталдыңыз, Айгүл/);
    const [joined] = query<{ language: string; document_language: string | null }>(
      w,
      "SELECT language, document_language FROM people WHERE telegram_id = 301",
    );
    expect(joined).toEqual({ language: "ky", document_language: null });

    // The founding round opens; the invitation is in Kyrgyz, the title in the official Russian.
    await openRoundThroughBot(secretariat, 1, "25.12.2026 18:00");
    const invitation = await aigul.waitForText(/Катчылык карап чыгууга чакырат \(Кыргызстан\)/);
    expect(invitation.text).toMatch(/Рекомендации/);
    // 18:00 in Almaty is 19:00 in Bishkek; the month is Kyrgyz ("декабрь", not Russian "декабря").
    expect(invitation.text).toMatch(/25-декабрь/);
    expect(invitation.text).not.toMatch(/декабря/);
    await aigul.press("Карап чыгууну баштоо");
    const card1 = await waitForCard(aigul, "9 ичинен 1-пункт");
    expect(card1.text).toContain(
      "ℹ️ Расмий текст орус тилинде берилген (расмий документтер орус жана англис тилдеринде чыгарылат).",
    );
    expect(card1.text).toContain("Позиция (Кыргызстан): азырынча көрсөтүлгөн жок.");
    expect(card1.buttons.flat()).toContain("📄 Англис тилиндеги текст");

    // A position, recorded for Kyrgyzstan.
    await aigul.press("✅ Колдоо");
    const card2 = await waitForCard(aigul, "9 ичинен 2-пункт");
    const recorded = query<{ state_code: string; position: string }>(
      w,
      "SELECT state_code, position FROM review_positions",
    );
    expect(recorded).toEqual([{ state_code: "KG", position: "support" }]);

    // The document in English: the note and the button follow, the interface stays Kyrgyz.
    const russianText = card2.text;
    await aigul.press("📄 Англис тилиндеги текст");
    const english = await waitForCard(aigul, /Расмий текст англис тилинде/);
    expect(english.text).toContain("9 ичинен 2-пункт");
    expect(english.text).toMatch(/Recommendations/);
    expect(english.text).not.toBe(russianText);
    expect(english.buttons.flat()).toContain("📄 Орус тилиндеги текст");
    expect(english.buttons.flat()).toContain("✅ Колдоо");
    const [after] = query<{ language: string; document_language: string | null }>(
      w,
      "SELECT language, document_language FROM people WHERE telegram_id = 301",
    );
    expect(after).toEqual({ language: "ky", document_language: "en" });

    // A meeting invitation, in Kyrgyz; declining it is recorded for Kyrgyzstan.
    secretariat.command("newmeeting");
    await next(secretariat, /Title in Russian/);
    secretariat.send("Совещание национальных координаторов");
    await next(secretariat, /Title in English/);
    secretariat.send("Meeting of national coordinators");
    await next(secretariat, /What kind of meeting/);
    await secretariat.press("Meeting of national coordinators");
    await next(secretariat, /venue's time zone/);
    await secretariat.press("Keep Almaty, UTC+5");
    await next(secretariat, /Start date and time/);
    secretariat.send("20.12.2026 10:00");
    await next(secretariat, /How long does it last/);
    await secretariat.press("3 hours");
    await next(secretariat, /^Venue/);
    secretariat.send("Almaty, Hall A");
    await next(secretariat, /Online link/);
    await secretariat.press("No online link");
    await next(secretariat, /Deadline for answers/);
    secretariat.send("15.12.2026 18:00");
    await next(secretariat, /Who is invited/);
    await untilButton(secretariat, "Done (4 chosen)");
    await secretariat.press("Done (4 chosen)");
    await next(secretariat, /Reminders to attending delegations/);
    await secretariat.press("Keep these reminders");
    await next(secretariat, /Please check the meeting/);
    await secretariat.press("Create and send invitations");
    await next(secretariat, /on its way to 1 person/);

    const meeting = await next(aigul, /Сиз Алматы процессинин иш-чарасына чакырыласыз/);
    expect(meeting.text).toContain("Совещание национальных координаторов");
    expect(meeting.text).toMatch(/20-декабрь/);
    expect(meeting.text).toContain("Өтүүчү жер: Almaty, Hall A");
    expect(meeting.buttons.flat()).toEqual(expect.arrayContaining(["Жеке катышуу", "Катышуудан баш тартуу"]));
    await aigul.press("Катышуудан баш тартуу");
    await next(aigul, /Катталды: Сиздин делегацияңыз .* иш-чарасына катышпайт/);
    const rsvps = query<{ party_code: string; attendance: string }>(
      w,
      "SELECT party_code, attendance FROM rsvps",
    );
    expect(rsvps).toEqual([{ party_code: "KG", attendance: "declined" }]);

    // The menus are set in every shipped language.
    for (const [lang, description] of [
      ["ky", "Ачык сунуштамалардын долбоорун карап чыгуу"],
      ["kk", "Ашық ұсыныстар жобасын қарау"],
      ["tg", "Баррасии лоиҳаи кушодаи тавсияҳо"],
      ["tk", "Açyk maslahatlaryň taslamasyna seretmek"],
      ["uz", "Ochiq tavsiyalar loyihasini koʻrib chiqish"],
    ] as const) {
      const menu = w.fake.commandsFor({ scope: { type: "default" }, language_code: lang });
      expect(menu.find((c) => c.command === "review")?.description).toBe(description);
    }
  });
});
