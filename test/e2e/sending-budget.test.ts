/**
 * One sending budget for everything the bot sends: with Telegram's limits enforced on every
 * message (the broadcast, the progress edits, the report, and replies to people pressing buttons
 * meanwhile), a broadcast gets no 429 at all, everyone gets exactly one copy, and the people who
 * write to the bot during it are answered.
 */
import { afterEach, describe, expect, it } from "vitest";
import { firstSecretariat, startWorld, type World } from "../support/scenario.js";
import { type SeededPerson, seedPeople } from "../support/seed-people.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const TEXT = "The meeting of national coordinators moves to Room 5.";
const STATES = ["KZ", "KG", "TJ", "TM"];

describe("one sending budget", () => {
  it("a 40-recipient broadcast with people pressing buttons meanwhile gets no 429 from Telegram's limits", async () => {
    world = await startWorld({ env: { OUTBOX_CHAT_INTERVAL_MS: "1000" } });
    const w = world;
    const secretariat = await firstSecretariat(w);
    const people: SeededPerson[] = Array.from({ length: 40 }, (_, i) => ({
      telegramId: 3000 + i,
      name: `Delegate ${i}`,
      role: "coordinator",
      state: STATES[i % STATES.length] ?? "KZ",
      language: "en",
    }));
    seedPeople(w.bot.databasePath, people);
    const users = people.map((p) => w.fake.user({ id: p.telegramId, first_name: p.name, started: true }));
    w.fake.enableLimits();

    secretariat.command("announce");
    await secretariat.waitForText(/Send the announcement in English/);
    secretariat.send(TEXT);
    await secretariat.waitForText(/Add a version in another language/);
    await secretariat.press("Continue without");
    await secretariat.waitForText(/Who should receive it/);
    await secretariat.press("Everyone");
    await secretariat.waitForText(/confirm that they have read it/);
    await secretariat.press("No acknowledgement");
    await secretariat.waitForText(/Send it now\?/);
    await secretariat.press("Send");

    // Five of them ask for help while the broadcast goes out; each is answered.
    const asking = users.slice(0, 5);
    for (const user of asking) user.command("help");
    for (const user of asking) await user.waitForText(/\/review/, 20_000);

    await secretariat.waitForText(/delivery report/, 30_000);
    for (const user of users) {
      const copies = user.messages().filter((m) => m.text === TEXT);
      expect(copies, `copies to ${user.id}`).toHaveLength(1);
    }
    expect(w.fake.violations).toEqual([]);
    expect(w.fake.calls.filter((c) => c.response && !c.response.ok)).toEqual([]);
  });
});
