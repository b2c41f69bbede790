/**
 * What a reviewer reads, end to end: the pop-up after a position names the recommendation by its
 * label ("7c", "7в"), never by its place in the sequence; /review once every item is answered says
 * so and offers the summary; the summary opens any item with one press; after the deadline /review
 * says that the round closed at its deadline.
 */
import { afterEach, describe, expect, it } from "vitest";
import { answerCards, joinAs, openRoundThroughBot, waitForCard } from "../support/review-scenario.js";
import { firstSecretariat, startWorld, type World } from "../support/scenario.js";
import type { SimUser } from "../support/sim-user.js";

const START = "2026-12-01T06:00:00Z"; // 11:00 in Almaty
const DEADLINE = Date.parse("2026-12-25T13:00:00Z"); // 18:00 in Almaty

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function coordinatorWithOpenRound(language = "English"): Promise<{ w: World; user: SimUser }> {
  world = await startWorld({ clock: START });
  const secretariat = await firstSecretariat(world);
  const user = await joinAs(world, secretariat, {
    id: 201,
    name: "Aigerim",
    role: "coordinator",
    target: "Kazakhstan",
    language,
  });
  await openRoundThroughBot(secretariat, 1, "25.12.2026 18:00");
  const ru = language === "Русский";
  await user.waitForText(ru ? /приглашает вас/ : /invites .* to review/);
  await user.press(ru ? "Начать рассмотрение" : "Start the review");
  await waitForCard(user, ru ? "Пункт 1 из 9" : "Item 1 of 9");
  return { w: world, user };
}

describe("texts of the review", () => {
  it("names each recommendation by its label in the pop-up, never by its place; the summary opens any item with one press", async () => {
    const { user } = await coordinatorWithOpenRound();
    const first = await user.press("✅ Support");
    expect(first.text).toBe("Recorded: Support — recommendation 1");
    await waitForCard(user, "Item 2 of 9");
    await answerCards(user, 2, 8, "⚪ Abstain");
    // The ninth card is recommendation 7c: the pop-up says so, not "item 9".
    const last = await user.press("✅ Support");
    expect(last.text).toBe("Recorded: Support — recommendation 7c");
    expect(last.text).not.toMatch(/item 9/i);
    const summary = await waitForCard(user, /Positions of Kazakhstan/);
    // One button per item, with the state's position on it.
    expect(summary.buttons.slice(0, 2)).toEqual([
      ["✅ 1", "⚪ 2", "⚪ 3", "⚪ 4", "⚪ 5"],
      ["⚪ 6", "⚪ 7a", "⚪ 7b", "✅ 7c"],
    ]);
    await user.press("⚪ 7a", { messageId: summary.message_id });
    const card = await waitForCard(user, "Item 7 of 9");
    expect(card.text).toMatch(/Recommendation 7a/);
    expect(card.text).toMatch(/Position of Kazakhstan: ⚪ Abstain/);
  });

  it("/review once every item is answered says so and offers the summary", async () => {
    const { user } = await coordinatorWithOpenRound();
    await answerCards(user, 1, 9, "✅ Support");
    user.command("review");
    const told = await user.waitForText(/has answered every item|continue at item/);
    expect(told.text).toBe(
      "Kazakhstan has answered every item. Here is the summary: confirm it, or open any item below to change its position.",
    );
    // The summary comes as a new message after that one (the old one then loses its buttons).
    const summary = await user.fake.waitFor(
      () => user.messages().find((m) => m.message_id > told.message_id && m.buttons.length > 0),
      10_000,
      () => "no new card after the answer to /review",
    );
    expect(summary.text).toMatch(/Positions of Kazakhstan \(9 of 9 items answered\)/);
    expect(summary.buttons.flat()).toContain("✔ Confirm these positions");
  });

  it("speaks the label in Russian too (7в), and after the deadline /review says the round closed at its deadline", async () => {
    const { w, user } = await coordinatorWithOpenRound("Русский");
    await answerCards(user, 1, 8, "✅ Поддержать", "ru");
    const last = await user.press("✅ Поддержать");
    expect(last.text).toBe("Записано: Поддерживает — рекомендация 7в");

    // Past the deadline (whether or not the periodic check has closed the round yet).
    w.bot.setClock(new Date(DEADLINE + 60_000));
    user.command("review");
    const closed = await user.waitForText(/завершилось по истечении срока|открытых раундов/);
    expect(closed.text).toMatch(/^Рассмотрение документа «Рекомендации по подготовке к официальному началу/);
    expect(closed.text).toMatch(
      /» завершилось по истечении срока, 25 декабря 2026, 18:00 \(ваше время, Алматы, UTC\+5\)\. Позиции больше нельзя указать или изменить\.$/,
    );
    expect(closed.buttons.flat()).toEqual(["📄 Открыть документ (только чтение)"]);
    await user.press("📄 Открыть документ (только чтение)");
    const readOnly = await waitForCard(user, /Раунд закрыт/);
    expect(readOnly.buttons.flat()).not.toContain("✅ Поддержать");
  });
});
