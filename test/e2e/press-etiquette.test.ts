/**
 * No Telegram errors in normal use: the bot never asks Telegram to edit a message to what it
 * already shows (a double tap, a progress message with nothing new), and never answers a press
 * twice when something fails after the press was answered.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ApiCall } from "../support/fake-telegram.js";
import { dataOf, joinAs, openRoundThroughBot, waitForCard } from "../support/review-scenario.js";
import { firstSecretariat, startWorld, type World } from "../support/scenario.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Calls Telegram refused, with the reason, e.g. "editMessageText: message is not modified". */
function refused(calls: readonly ApiCall[]): string[] {
  return calls
    .filter((c) => c.response && !c.response.ok)
    .map((c) => `${c.method}: ${c.response && !c.response.ok ? c.response.description : ""}`);
}

describe("press etiquette", () => {
  it("a double tap on a navigation button edits the message once; nothing is refused", async () => {
    world = await startWorld({ clock: "2026-12-01T06:00:00Z" });
    const secretariat = await firstSecretariat(world);
    secretariat.command("rounds");
    await secretariat.waitForText(/Review rounds/);
    const round = dataOf(secretariat, secretariat.buttons().find((b) => b.startsWith("#1 · ")) ?? "");
    // Both taps come before the bot has answered the first, as a quick double tap does.
    const first = secretariat.pressData(round.data, round.messageId);
    const second = secretariat.pressData(round.data, round.messageId);
    await Promise.all([first, second]);
    await secretariat.waitForText(/Round #1/);
    await new Promise((r) => setTimeout(r, 500));
    const edits = world.fake.calls.filter(
      (c) => c.method === "editMessageText" && c.params.message_id === round.messageId,
    );
    expect(edits).toHaveLength(1);
    // Back and forth between the list and the round: each view once, nothing refused.
    await secretariat.press("◀ All rounds");
    await secretariat.waitForText(/Review rounds/);
    await secretariat.press(/^#1 · /);
    await secretariat.waitForText(/Round #1/);
    expect(refused(world.fake.calls)).toEqual([]);
  });

  it("an announcement's progress message is edited only when its figures change", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const kz = await joinAs(world, secretariat, {
      id: 201,
      name: "Aigerim",
      role: "coordinator",
      target: "Kazakhstan",
    });
    secretariat.command("announce");
    await secretariat.waitForText(/Send the announcement in English/);
    secretariat.send("The meeting is confirmed.");
    await secretariat.waitForText(/Add a version in another language/);
    await secretariat.press("Continue without");
    await secretariat.waitForText(/Who should receive it/);
    await secretariat.press("Everyone");
    await secretariat.waitForText(/confirm that they have read it/);
    await secretariat.press("No acknowledgement");
    await secretariat.waitForText(/Send it now\?/);
    await secretariat.press("Send");
    await secretariat.waitForText(/sent 0 of 1/);
    // A slow Telegram: for a few rounds of the progress job nothing new has been sent.
    world.fake.setLatency(4_000);
    await new Promise((r) => setTimeout(r, 7_000));
    world.fake.setLatency(0);
    await kz.waitForText(/The meeting is confirmed/, 20_000);
    await secretariat.waitForText(/delivery report/, 20_000);
    expect(refused(world.fake.calls)).toEqual([]);
  });

  it("a failure after a press was answered is told in a message, not by a second answer", async () => {
    world = await startWorld({ clock: "2026-12-01T06:00:00Z" });
    const secretariat = await firstSecretariat(world);
    const kz = await joinAs(world, secretariat, {
      id: 201,
      name: "Aigerim",
      role: "coordinator",
      target: "Kazakhstan",
    });
    await openRoundThroughBot(secretariat, 1, "25.12.2026 18:00");
    await kz.press("Start the review");
    await waitForCard(kz, "Item 1 of 9");
    // The press is answered, then the card's edit fails.
    world.fake.failNext("editMessageText", {
      error_code: 400,
      description: "Bad Request: chat not available",
    });
    await kz.press("✅ Support");
    const apology = await kz.waitForText(/something went wrong/i);
    expect(apology.text).toMatch(/something went wrong/i);
    expect(refused(world.fake.calls).filter((r) => r.startsWith("answerCallbackQuery"))).toEqual([]);
  });
});
