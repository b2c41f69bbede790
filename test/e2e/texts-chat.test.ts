/**
 * Chat texts that are not about one job, end to end: a message sent without HTML parse mode never
 * shows an HTML entity where the person typed "&" or "<"; the command menu of every member follows
 * the language they chose (not their Telegram app's), when joining, after /language, and when the
 * secretariat changes their role or deactivates them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { next } from "../support/meetings-scenario.js";
import {
  firstSecretariat,
  inviteThroughBot,
  joinWith,
  startWorld,
  untilButton,
  type World,
} from "../support/scenario.js";
import type { SimUser } from "../support/sim-user.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Walks /newmeeting up to the question of reminder lead times. */
async function newMeetingUntilLeads(secretariat: SimUser): Promise<void> {
  secretariat.command("newmeeting");
  await next(secretariat, /Title in Russian/);
  await secretariat.press("Skip this language");
  await next(secretariat, /Title in English/);
  secretariat.send("R&D <workshop>");
  await next(secretariat, /What kind of meeting/);
  await secretariat.press("Other meeting");
  await next(secretariat, /venue's time zone/);
  await secretariat.press(/^Keep /);
  await next(secretariat, /Start date and time/);
  secretariat.send("25.12.2026 10:00");
  await next(secretariat, /How long does it last/);
  await secretariat.press("3 hours");
  await next(secretariat, /^Venue/);
  await secretariat.press("Online only");
  await next(secretariat, /Online link/);
  secretariat.send("https://meet.example.org/rd");
  await next(secretariat, /Deadline for answers/);
  secretariat.send("15.12.2026 18:00");
  await next(secretariat, /Who is invited/);
  await untilButton(secretariat, "Done (4 chosen)");
  await secretariat.press("Done (4 chosen)");
  await next(secretariat, /Reminders to attending delegations/);
}

describe("texts in the chat", () => {
  it("what a person typed comes back as typed, never as HTML entities", async () => {
    world = await startWorld({ clock: "2026-12-01T06:00:00Z" });
    const secretariat = await firstSecretariat(world);
    await newMeetingUntilLeads(secretariat);
    secretariat.send("7d & 1d");
    const unreadable = await next(secretariat, /could not read/);
    expect(unreadable.text).toBe(
      "I could not read “7d & 1d”. Type lead times separated by commas, e.g. 7d, 1d, 2h.",
    );
    await secretariat.press("Keep these reminders");
    await next(secretariat, /Please check the meeting/);
    await secretariat.press("Discard");
    await next(secretariat, /Discarded/);

    // A round file whose name has "&" and "<": the answers name it as it is.
    secretariat.sendDocument({
      filename: "Q&A <draft>.pdf",
      content: "%PDF-1.4",
      mimeType: "application/pdf",
    });
    const notText = await next(secretariat, /is not a plain-text file/);
    expect(notText.text).toMatch(/^“Q&A <draft>\.pdf” is not a plain-text file\./);
    secretariat.sendDocument({
      filename: "R&D <v2>.txt",
      content: "1. An item without a title\n",
      mimeType: "text/plain",
    });
    const problems = await next(secretariat, /Nothing was created/);
    expect(problems.text).toMatch(/\nIn “R&D <v2>\.txt”:\n/);
    expect(problems.text).not.toMatch(/&amp;|&lt;|&gt;/);
  });

  it("the command menu follows the language chosen, for every role, through /language, role changes and deactivation", async () => {
    world = await startWorld();
    const w = world;
    /** The menu the person's Telegram app (in English) shows, once it satisfies `check` (or after 10 s). */
    const menu = async (user: SimUser, check: (commands: Map<string, string>) => boolean) => {
      const read = () =>
        new Map(w.fake.commandsShownTo(user.id, "en").map((c) => [c.command, c.description]));
      await w.fake.waitFor(() => check(read()), 10_000).catch(() => undefined);
      return read();
    };
    const secretariat = await firstSecretariat(w);
    const link = await inviteThroughBot(secretariat, "National coordinator", "Kazakhstan");
    // The Telegram app is in English; the person chooses Russian.
    const daniyar = w.fake.user({ id: 607, first_name: "Daniyar", language_code: "en" });
    await joinWith(daniyar, link, { language: "Русский" });
    const joined = await menu(
      daniyar,
      (m) => m.get("review") === "Рассмотреть открытые проекты рекомендаций",
    );
    expect(joined.get("review")).toBe("Рассмотреть открытые проекты рекомендаций");
    expect(joined.has("invite")).toBe(false);

    daniyar.command("language");
    await daniyar.waitForText(/язык/);
    await daniyar.press("Қазақша");
    const chosen = await menu(daniyar, (m) => m.get("review") === "Ашық ұсыныстар жобасын қарау");
    expect(chosen.get("review")).toBe("Ашық ұсыныстар жобасын қарау");

    // The secretariat makes him a secretariat member: the menu of that role, still in Kazakh.
    secretariat.command("people");
    await secretariat.waitForText(/People: 2/);
    await secretariat.press("Daniyar");
    await untilButton(secretariat, "Change role or state");
    await secretariat.press("Change role or state");
    await untilButton(secretariat, "Secretariat");
    await secretariat.press("Secretariat");
    await secretariat.waitForText(/Daniyar\nSecretariat/);
    const promoted = await menu(daniyar, (m) => m.has("invite"));
    expect(promoted.get("invite")).toBe("Қатысушыны шақыру");
    expect(promoted.get("language")).toBe("Тілді өзгерту");

    // Deactivated: his chat no longer offers the secretariat's commands.
    await untilButton(secretariat, "Deactivate");
    await secretariat.press("Deactivate");
    await untilButton(secretariat, "Yes, deactivate");
    await secretariat.press("Yes, deactivate");
    await secretariat.waitForText(/Status: deactivated/);
    const deactivated = await menu(daniyar, (m) => !m.has("invite"));
    expect(deactivated.has("invite")).toBe(false);
  });
});
