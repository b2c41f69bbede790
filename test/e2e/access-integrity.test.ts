/**
 * Access and integrity (issue 14, items 2–5): a member who opens another invitation is asked
 * before anything changes; superseded buttons change nothing; a stranger's press is answered
 * with the refusal within Telegram's 200 characters, in English too when their language is not
 * shipped; long and right-to-left names reach Telegram intact.
 */
import { afterEach, describe, expect, it } from "vitest";
import { rolesWorld } from "../support/roles-scenario.js";
import {
  codeOf,
  firstSecretariat,
  inviteThroughBot,
  joinWith,
  startWorld,
  type World,
} from "../support/scenario.js";
import { queryDb } from "../support/seed-people.js";
import type { SimUser } from "../support/sim-user.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

interface PersonRow {
  role: string;
  state_code: string | null;
  org_code: string | null;
  language: string | null;
  name: string;
}

function person(w: World, telegramId: number): PersonRow | undefined {
  return queryDb<PersonRow>(
    w.bot.databasePath,
    "SELECT role, state_code, org_code, language, name FROM people WHERE telegram_id = ?",
    telegramId,
  )[0];
}

function unusedInvitations(w: World): number {
  return (
    queryDb<{ n: number }>(
      w.bot.databasePath,
      "SELECT COUNT(*) AS n FROM invitations WHERE used_at IS NULL",
    )[0]?.n ?? 0
  );
}

describe("another invitation opened by a member", () => {
  it("shows both roles and asks; declining changes nothing, accepting changes the role, and the last secretariat member stays secretariat", async () => {
    world = await startWorld();
    const w = world;
    const saule = await firstSecretariat(w);

    // The only secretariat member opens a coordinator's link to check it before forwarding.
    const kzLink = await inviteThroughBot(saule, "National coordinator", "Kazakhstan");
    saule.command("start", codeOf(kzLink));
    const refused = await saule.waitForText(/last active secretariat member/);
    expect(refused.text).toMatch(/Secretariat/);
    expect(refused.text).toMatch(/National coordinator — Kazakhstan/);
    expect(person(w, 100)?.role).toBe("secretariat");
    expect(unusedInvitations(w)).toBe(1);

    // The link still works for the person it was meant for.
    const aigerim = w.fake.user({ id: 201, first_name: "Aigerim", language_code: "en" });
    await joinWith(aigerim, kzLink);
    expect(person(w, 201)).toMatchObject({ role: "coordinator", state_code: "KZ" });

    // A coordinator opens an observer's link: both roles are shown, and declining keeps everything.
    const observerLink = await inviteThroughBot(saule, "Observer", "UNHCR");
    aigerim.command("start", codeOf(observerLink));
    const question = await aigerim.waitForText(/already registered/);
    expect(question.text).toMatch(/National coordinator — Kazakhstan/);
    expect(question.text).toMatch(/Observer — .*UNHCR|Observer — .*Refugees/);
    await aigerim.press("No, keep my role");
    await aigerim.waitForText(/Nothing was changed/);
    expect(person(w, 201)).toMatchObject({ role: "coordinator", state_code: "KZ", org_code: null });
    expect(unusedInvitations(w)).toBe(1);

    // Asked again, confirming takes the invitation's role, keeping the name and the language.
    aigerim.command("start", codeOf(observerLink));
    await w.fake.waitFor(
      () => aigerim.messages().filter((m) => /already registered/.test(m.text)).length === 2,
    );
    await aigerim.press("Yes, change my role");
    await aigerim.waitForText(/You are in/);
    expect(person(w, 201)).toMatchObject({
      role: "observer",
      state_code: null,
      org_code: "UNHCR",
      name: "Aigerim",
    });
    expect(unusedInvitations(w)).toBe(0);
  });
});

describe("superseded buttons", () => {
  it("the join message's language buttons, pressed after joining, are no longer active and change nothing", async () => {
    world = await startWorld();
    const w = world;
    const saule = await firstSecretariat(w);
    const link = await inviteThroughBot(saule, "National coordinator", "Kyrgyzstan");
    const bakyt = w.fake.user({ id: 204, first_name: "Bakyt", language_code: "en" });
    await joinWith(bakyt, link);
    const picker = bakyt.messages().find((m) => /Which language/.test(m.text));
    expect(picker).toBeDefined();
    // The buttons the join message was sent with; the language was chosen with one of them.
    const sent = w.fake
      .callsOf("sendMessage")
      .find((c) => c.params.chat_id === 204 && /Which language/.test(String(c.params.text)));
    const markup = sent?.params.reply_markup;
    const keyboard = (typeof markup === "string" ? JSON.parse(markup) : markup) as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    const data = keyboard.inline_keyboard.flat().find((b) => b.text === "Русский")?.callback_data ?? "";
    expect(data).not.toBe("");
    // Pressed after joining (a client that has not refreshed the message, or one scrolled back to).
    const answer = await bakyt.pressData(data, picker?.message_id);
    expect(answer.text).toMatch(/no longer active/);
    expect(person(w, 204)?.language).toBe("en");
  });
});

describe("superseded buttons of a review card", () => {
  it("a button the card no longer shows (it has moved on to the next item) records nothing", async () => {
    const rw = await rolesWorld();
    world = rw.world;
    const { coordinator, roundId } = rw;
    coordinator.command("review");
    const onCard = (re: RegExp) => (v: { callbackData: string[][] }) =>
      v.callbackData.flat().some((d) => re.test(d));
    await rw.world.fake.waitFor(() => coordinator.messages().some(onCard(/^rv:\d+:\d+:s$/)));
    const card = coordinator
      .messages()
      .reverse()
      .find(onCard(/^rv:\d+:\d+:s$/));
    const support = card?.callbackData.flat().find((d) => /^rv:\d+:\d+:s$/.test(d)) ?? "";
    const next = card?.callbackData.flat().find((d) => /^rv:\d+:\d+:n$/.test(d)) ?? "";
    await coordinator.pressData(next, card?.message_id);
    await rw.world.fake.waitFor(
      () =>
        !coordinator
          .messages()
          .find((v) => v.message_id === card?.message_id)
          ?.callbackData.flat()
          .includes(support),
    );
    // The first card's Support, pressed from a screen not yet redrawn: the card shows item 2 now.
    const answer = await coordinator.pressData(support, card?.message_id);
    expect(answer.text).toMatch(/out of date/);
    const positions = queryDb<{ n: number }>(
      rw.world.bot.databasePath,
      "SELECT COUNT(*) AS n FROM review_positions WHERE round_id = ?",
      roundId,
    );
    expect(positions[0]?.n).toBe(0);
  });
});

describe("a stranger's press", () => {
  it("gets the refusal, within 200 characters, in English and the default language when theirs is not shipped", async () => {
    world = await startWorld();
    const w = world;
    const saule = await firstSecretariat(w);
    saule.command("invite");
    await saule.waitForText(/Whom do you want to invite/);
    const data = saule.lastMessage()?.callbackData.flat()[0] ?? "";

    const german = w.fake.user({ id: 301, first_name: "Jonas", language_code: "de" });
    german.command("start");
    const told = await german.waitForText(/by invitation only/);
    expect(told.text).toMatch(/по приглашению/);
    const answer = await german.pressData(data);
    expect(answer.show_alert).toBe(true);
    expect(answer.text).toMatch(/by invitation only/);
    expect(answer.text).toMatch(/по приглашению/);
    expect((answer.text ?? "").length).toBeLessThanOrEqual(200);

    const russian = w.fake.user({ id: 302, first_name: "Иван", language_code: "ru" });
    russian.command("start");
    await russian.waitForText(/по приглашению/);
    const own = await russian.pressData(data);
    expect(own.text).toMatch(/по приглашению/);
    expect(own.text).not.toMatch(/invitation/);
    expect(w.bot.logs.filter((l) => l.msg === "update failed")).toEqual([]);
  });
});

describe("an answer replaced by the state's other member", () => {
  it("the coordinator and the alternate are told when the other replaces their state's answer, and by whom", async () => {
    const rw = await rolesWorld();
    world = rw.world;
    const { coordinator, alternate, meetingId, roundId } = rw;
    const rsvp = `mr:${meetingId}:s.KZ:no`;
    const invitationOf = (user: SimUser) =>
      user.messages().find((m) => m.callbackData.flat().includes(rsvp))?.message_id;
    await rw.world.fake.waitFor(
      () => invitationOf(alternate) !== undefined && invitationOf(coordinator) !== undefined,
    );

    // The alternate declines; then the coordinator answers the same invitation.
    await alternate.pressData(rsvp, invitationOf(alternate));
    await alternate.waitForText(/not attend|declined/i);
    await coordinator.pressData(rsvp, invitationOf(coordinator));
    const told = await alternate.waitForText(/has changed the answer of Kazakhstan/);
    expect(told.text).toMatch(/Aigerim \(National coordinator\)/);
    expect(told.text).toMatch(/Meeting of national coordinators/);
    // The one who answered is not told about their own answer.
    await rw.world.fake.waitFor(
      () =>
        coordinator.messages().filter((m) => /I have recorded|not attend|declined/i.test(m.text)).length > 0,
    );
    expect(coordinator.messages().some((m) => /has changed the answer/.test(m.text))).toBe(false);

    // A position: the coordinator supports the first card, then the alternate answers it too.
    const card = async (user: SimUser) => {
      user.command("review");
      await rw.world.fake.waitFor(() =>
        user
          .messages()
          .some((v) => v.callbackData.flat().some((d) => new RegExp(`^rv:${roundId}:\\d+:s$`).test(d))),
      );
      const view = user
        .messages()
        .reverse()
        .find((v) => v.callbackData.flat().some((d) => /^rv:\d+:\d+:s$/.test(d)));
      return {
        id: view?.message_id,
        support: view?.callbackData.flat().find((d) => /^rv:\d+:\d+:s$/.test(d)) ?? "",
      };
    };
    const first = await card(coordinator);
    await coordinator.pressData(first.support, first.id);
    // The alternate's review continues at the next card: back to the first one, and support it.
    const second = await card(alternate);
    const back = alternate
      .messages()
      .find((v) => v.message_id === second.id)
      ?.callbackData.flat()
      .find((d) => /^rv:\d+:\d+:p$/.test(d));
    await alternate.pressData(back ?? "", second.id);
    await rw.world.fake.waitFor(() =>
      alternate
        .messages()
        .some((v) => v.message_id === second.id && v.callbackData.flat().includes(first.support)),
    );
    await alternate.pressData(first.support, second.id);
    const positionNotice = await coordinator.waitForText(/has changed positions of Kazakhstan/);
    expect(positionNotice.text).toMatch(/Daniyar \(Alternate/);
    expect(positionNotice.text).toMatch(new RegExp(`#${roundId}`));
  });
});

describe("one tap, one effect", () => {
  it("a double tap on “Re-send to N people” queues the re-send once", async () => {
    const rw = await rolesWorld();
    world = rw.world;
    const { secretariat } = rw;
    secretariat.command("announcements");
    await secretariat.waitForText(/Recent announcements/);
    await secretariat.press(/^#1 /);
    await secretariat.waitForText(/Acknowledged: 0 of/);
    await secretariat.press("Re-send to those who have not acknowledged");
    await rw.world.fake.waitFor(() => secretariat.buttons().some((b) => /^Re-send to \d+ people/.test(b)));
    const view = secretariat
      .messages()
      .find((m) => m.buttons.flat().some((b) => /^Re-send to \d+ people/.test(b)));
    const at = view?.buttons.flat().findIndex((b) => /^Re-send to \d+ people/.test(b)) ?? -1;
    const data = view?.callbackData.flat()[at] ?? "";
    const waiting = Number(/Re-send to (\d+) people/.exec(view?.buttons.flat()[at] ?? "")?.[1]);
    expect(waiting).toBeGreaterThan(1);

    // Two taps before the first one's answer arrives, on the same message.
    const [first, second] = await Promise.all([
      secretariat.pressData(data, view?.message_id),
      secretariat.pressData(data, view?.message_id),
    ]);
    await secretariat.waitForText(new RegExp(`Re-sent to ${waiting} people`));
    const resends = queryDb<{ source: string; n: number }>(
      rw.world.bot.databasePath,
      "SELECT source, COUNT(*) AS n FROM outbox WHERE source LIKE '%:resend:%' GROUP BY source",
    );
    expect(resends).toEqual([{ source: expect.stringMatching(/:resend:1$/), n: waiting }]);
    expect([first.text ?? "", second.text ?? ""].join(" ")).toMatch(/already made/);
  });
});

describe("one tap, one effect: records", () => {
  it("a double tap on “Yes, deactivate” deactivates once, with one entry in the audit trail", async () => {
    const rw = await rolesWorld();
    world = rw.world;
    const { secretariat } = rw;
    const db = rw.world.bot.databasePath;
    secretariat.command("people");
    await secretariat.waitForText(/People/);
    await secretariat.press(/^Bakyt/);
    await rw.world.fake.waitFor(() => secretariat.buttons().includes("Deactivate"));
    await secretariat.press("Deactivate");
    await rw.world.fake.waitFor(() => secretariat.buttons().includes("Yes, deactivate"));
    const view = secretariat.messages().find((m) => m.buttons.flat().includes("Yes, deactivate"));
    const data = view?.callbackData.flat()[view.buttons.flat().indexOf("Yes, deactivate")] ?? "";
    await secretariat.pressData(data, view?.message_id);
    const at = queryDb<{ deactivated_at: number }>(
      db,
      "SELECT deactivated_at FROM people WHERE telegram_id = 204",
    )[0];
    expect(at?.deactivated_at).not.toBeNull();
    await secretariat.pressData(data, view?.message_id);
    expect(
      queryDb<{ deactivated_at: number }>(db, "SELECT deactivated_at FROM people WHERE telegram_id = 204")[0],
    ).toEqual(at);
    const entries = queryDb<{ n: number }>(
      db,
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'person.deactivated'",
    );
    expect(entries[0]?.n).toBe(1);
  });
});

describe("one tap, one effect: invitations", () => {
  it("a double tap on a state in /invite makes one invitation and one link", async () => {
    world = await startWorld();
    const w = world;
    const saule = await firstSecretariat(w);
    const count = () =>
      queryDb<{ n: number }>(w.bot.databasePath, "SELECT COUNT(*) AS n FROM invitations")[0]?.n ?? 0;
    const before = count();
    saule.command("invite");
    await saule.waitForText(/Whom do you want to invite/);
    await saule.press("National coordinator");
    await w.fake.waitFor(() => saule.buttons().includes("Kazakhstan"));
    const view = saule.messages().find((m) => m.buttons.flat().includes("Kazakhstan"));
    const data = view?.callbackData.flat()[view.buttons.flat().indexOf("Kazakhstan")] ?? "";
    const answers = await Promise.all([
      saule.pressData(data, view?.message_id),
      saule.pressData(data, view?.message_id),
    ]);
    await saule.waitForText(/https:\/\/t\.me\/\S+\?start=/);
    await saule.expectNoMessage(500);
    expect(count()).toBe(before + 1);
    expect(answers.map((a) => a.text ?? "").join(" ")).toMatch(/Already done/);
  });
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("names and free text", () => {
  it("a long name is cut before an emoji, never inside it, and a right-to-left name is isolated in its line", async () => {
    world = await startWorld();
    const w = world;
    const saule = await firstSecretariat(w);
    // 99 characters, then an emoji whose two halves straddle the 100-character limit.
    const long = w.fake.user({
      id: 401,
      first_name: `Aigerim ${"x".repeat(91)}`,
      last_name: "😀",
      language_code: "en",
    });
    await joinWith(long, await inviteThroughBot(saule, "National coordinator", "Kazakhstan"));
    const stored = person(w, 401)?.name ?? "";
    expect(stored).toMatch(/^Aigerim x+$/);
    expect(LONE_SURROGATE.test(stored)).toBe(false);

    const maryam = w.fake.user({ id: 402, first_name: "مريم", last_name: "الحسن", language_code: "en" });
    await joinWith(maryam, await inviteThroughBot(saule, "Observer", "UNHCR"));
    const welcome = maryam.messages().find((m) => /You are in,/.test(m.text));
    expect(welcome?.text).toContain("You are in, \u2068مريم الحسن\u2069.");
    const rejected = w.fake.calls.filter((c) => c.response && !c.response.ok);
    expect(rejected.map((c) => `${c.method}: ${c.response?.description}`)).toEqual([]);
  });

  it("a reason made only of spaces and invisible characters is refused like an empty one", async () => {
    const rw = await rolesWorld();
    world = rw.world;
    const { coordinator, roundId } = rw;
    coordinator.command("review");
    await rw.world.fake.waitFor(() =>
      coordinator.messages().some((v) => v.callbackData.flat().some((d) => /^rv:\d+:\d+:o$/.test(d))),
    );
    const card = coordinator
      .messages()
      .reverse()
      .find((v) => v.callbackData.flat().some((d) => /^rv:\d+:\d+:o$/.test(d)));
    const object = card?.callbackData.flat().find((d) => /^rv:\d+:\d+:o$/.test(d)) ?? "";
    await coordinator.pressData(object, card?.message_id);
    await coordinator.waitForText(/send the reason/);
    coordinator.send(" \u200B\u2060\u200E \u00A0");
    await coordinator.waitForText(/Please send this as a text message|send the reason/);
    const positions = queryDb<{ n: number }>(
      rw.world.bot.databasePath,
      "SELECT COUNT(*) AS n FROM review_positions WHERE round_id = ?",
      roundId,
    );
    expect(positions[0]?.n).toBe(0);
  });
});
