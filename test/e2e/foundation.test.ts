/**
 * The foundation, end to end: the real bot process over HTTP against the fake Telegram server.
 * Strangers are refused, the first secretariat member comes in through the CLI's link, the
 * secretariat invites a coordinator who joins by deep link, and nothing breaks on restart or SIGTERM.
 */
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import {
  codeOf,
  firstSecretariat,
  inviteThroughBot,
  joinWith,
  startWorld,
  untilButton,
  type World,
} from "../support/scenario.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe("foundation", () => {
  it("refuses strangers politely in their Telegram language and stores nothing about them", async () => {
    world = await startWorld();
    const ru = world.fake.user({ id: 501, first_name: "Иван", language_code: "ru" });
    const en = world.fake.user({ id: 502, first_name: "John", language_code: "en" });
    ru.send("Здравствуйте");
    expect((await ru.nextMessage()).text).toMatch(/только по приглашению/);
    en.command("help");
    expect((await en.nextMessage()).text).toMatch(/by invitation only/);
    en.command("start");
    en.send("hello?");
    await en.expectNoMessage(500);
    const people = query<{ n: number }>(world.bot.databasePath, "SELECT COUNT(*) AS n FROM people");
    expect(people[0]?.n).toBe(0);
    const conversations = query<{ n: number }>(
      world.bot.databasePath,
      "SELECT COUNT(*) AS n FROM conversation_states",
    );
    expect(conversations[0]?.n).toBe(0);
  });

  it("the first secretariat member joins with the CLI link; the secretariat invites a Kazakhstan coordinator who joins in English", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const link = await inviteThroughBot(secretariat, "National coordinator", "Kazakhstan");
    expect(link).toMatch(/^https:\/\/t\.me\/almaty_process_bot\?start=[\w-]{24}$/);

    const aigerim = world.fake.user({
      id: 601,
      first_name: "Aigerim",
      last_name: "Nurlanovna",
      language_code: "ru",
    });
    aigerim.command("start", codeOf(link));
    expect((await aigerim.nextMessage()).text).toMatch(/Национальный координатор — Казахстан/);
    await aigerim.press("Да, верно");
    await aigerim.waitForText(/каком языке/);
    await aigerim.press("English");
    const zone = await aigerim.waitForText(/time zone/);
    expect(zone.text).toMatch(/Almaty, UTC\+5/);
    await aigerim.press("Keep Almaty, UTC+5");
    const welcome = await aigerim.waitForText(/You are in/);
    expect(welcome.text).toMatch(/National coordinator — Kazakhstan/);
    expect(welcome.text).toMatch(/\/me/);
    expect(welcome.text).not.toMatch(/\/invite/);

    const rows = query<{
      role: string;
      state_code: string;
      language: string;
      time_zone: string;
      name: string;
    }>(
      world.bot.databasePath,
      "SELECT role, state_code, language, time_zone, name FROM people WHERE telegram_id = ?",
      601,
    );
    expect(rows).toEqual([
      {
        role: "coordinator",
        state_code: "KZ",
        language: "en",
        time_zone: "Asia/Almaty",
        name: "Aigerim Nurlanovna",
      },
    ]);

    secretariat.command("people");
    const list = await secretariat.waitForText(/People/);
    expect(list.text).toMatch(/Kazakhstan/);
    expect(list.text).toMatch(/Aigerim Nurlanovna — National coordinator, en/);
  });

  it("/help differs by role and command menus follow the role", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const link = await inviteThroughBot(secretariat, "Observer", "UNHCR");
    const observer = world.fake.user({ id: 602, first_name: "Olivia", language_code: "en" });
    await joinWith(observer, link);

    secretariat.command("help");
    const forSecretariat = await secretariat.waitForText(/As secretariat/);
    expect(forSecretariat.text).toMatch(/\/invite/);
    expect(forSecretariat.text).toMatch(/\/people/);
    observer.command("help");
    const forObserver = await observer.waitForText(/As observer/);
    expect(forObserver.text).not.toMatch(/\/invite|\/people/);

    await world.fake.waitFor(() =>
      world?.fake.commandsShownTo(secretariat.id, "en").some((c) => c.command === "invite"),
    );
    expect(world.fake.commandsShownTo(observer.id, "en").map((c) => c.command)).not.toContain("invite");
    // The menu is in the language the observer chose (English), whatever their Telegram app's.
    expect(
      world.fake.commandsShownTo(observer.id, "ru").find((c) => c.command === "language")?.description,
    ).toBe("Change the language");
  });

  it("/timezone shows the zone, takes a button or a typed name, refuses a wrong one, and stray input does not pile up in the flow", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const link = await inviteThroughBot(secretariat, "National coordinator", "Uzbekistan");
    const coordinator = world.fake.user({ id: 603, first_name: "Dilnoza", language_code: "en" });
    await joinWith(coordinator, link);
    const zoneOf = () =>
      query<{ time_zone: string | null }>(
        world?.bot.databasePath ?? "",
        "SELECT time_zone FROM people WHERE telegram_id = ?",
        603,
      )[0]?.time_zone;
    const savedFlow = () =>
      query<{ value: string }>(
        world?.bot.databasePath ?? "",
        "SELECT value FROM conversation_states WHERE key LIKE ?",
        "%603%",
      )[0]?.value ?? "";

    coordinator.command("timezone");
    const asked = await coordinator.waitForText(/Choose a time zone/);
    expect(asked.text).toMatch(/Your time zone is Tashkent, UTC\+5/);
    expect(coordinator.buttons()).toContain("Almaty, UTC+5");

    // Stray input is answered, the step waits on, and the saved flow does not grow with it.
    coordinator.send("Mars/Olympus_Mons");
    expect((await coordinator.nextMessage()).text).toMatch(/is not a time zone I know/);
    coordinator.command("help");
    expect((await coordinator.nextMessage()).text).toMatch(/finish|cancel/i);
    const afterTwo = savedFlow().length;
    expect(afterTwo).toBeGreaterThan(0);
    for (let i = 0; i < 25; i++) {
      coordinator.sendSticker();
      await coordinator.nextMessage();
    }
    expect(savedFlow().length).toBe(afterTwo);
    expect(zoneOf()).toBe("Asia/Tashkent");

    coordinator.send("europe/vienna");
    const set = await coordinator.waitForText(/Done: times will be shown in/);
    expect(set.text).toMatch(/Vienna, UTC\+[12]/);
    expect(zoneOf()).toBe("Europe/Vienna");
    // The flow's state is removed once the update that finished it is done (polled: no call follows).
    for (const until = Date.now() + 10_000; savedFlow() !== "" && Date.now() < until; )
      await new Promise((r) => setTimeout(r, 50));
    expect(savedFlow()).toBe("");

    coordinator.command("timezone");
    await coordinator.waitForText(/Your time zone is Vienna/);
    await coordinator.press("Almaty, UTC+5");
    await coordinator.waitForText(/Done: times will be shown in your time zone, Almaty, UTC\+5/);
    expect(zoneOf()).toBe("Asia/Almaty");
    const audited = query<{ n: number }>(
      world.bot.databasePath,
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'person.time_zone'",
    );
    expect(audited[0]?.n).toBe(2);
  });

  it("used, expired and unknown codes are refused, and a coordinator pressing a secretariat button changes nothing", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const link = await inviteThroughBot(secretariat, "National coordinator", "Kyrgyzstan");
    const first = world.fake.user({ id: 603, first_name: "Bakyt", language_code: "en" });
    await joinWith(first, link);

    const second = world.fake.user({ id: 604, first_name: "Intruder", language_code: "en" });
    second.command("start", codeOf(link));
    expect((await second.nextMessage()).text).toMatch(/already been used/);
    second.command("start", "AAAAAAAAAAAAAAAAAAAAAAAA");
    expect((await second.nextMessage()).text).toMatch(/not valid/);

    const expiring = await inviteThroughBot(secretariat, "Alternate coordinator", "Tajikistan");
    world.bot.setClock(new Date(Date.now() + 8 * 86_400_000));
    const late = world.fake.user({ id: 605, first_name: "Late", language_code: "en" });
    late.command("start", codeOf(expiring));
    expect((await late.nextMessage()).text).toMatch(/expired/);

    const before = query(world.bot.databasePath, "SELECT * FROM invitations ORDER BY id");
    const answer = await first.pressData("inv:secretariat:-");
    expect(answer.text).toMatch(/not available to you/);
    const forgedRole = await first.pressData("pp:aff:1:secretariat.-");
    expect(forgedRole.text).toMatch(/not available to you/);
    expect(query(world.bot.databasePath, "SELECT * FROM invitations ORDER BY id")).toEqual(before);
    expect(
      query<{ role: string }>(world.bot.databasePath, "SELECT role FROM people WHERE telegram_id = 603"),
    ).toEqual([{ role: "coordinator" }]);
  });

  it("a restart in the middle of joining resumes at the step where it stopped", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const link = await inviteThroughBot(secretariat, "National coordinator", "Turkmenistan");
    const merdan = world.fake.user({ id: 606, first_name: "Merdan", language_code: "en" });
    merdan.command("start", codeOf(link));
    await merdan.waitForText(/invited/);
    await merdan.press("Yes, that is right");
    await merdan.waitForText(/Which language/);

    expect(await world.bot.stop()).toBe(0);
    await world.bot.start();

    await merdan.press("Русский");
    const zone = await merdan.waitForText(/часовом поясе/);
    expect(zone.text).toMatch(/Ашхабад, UTC\+5/);
    await merdan.press(/^Оставить /);
    expect((await merdan.waitForText(/Готово/)).text).toMatch(/Туркменистан/);
  });

  it("webhook mode: updates arrive over HTTP with the secret token, and strangers are still refused", async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    world = await startWorld({
      env: {
        BOT_MODE: "webhook",
        WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
        WEBHOOK_SECRET: "a-long-enough-webhook-secret",
        PORT: String(port),
      },
    });
    expect(world.fake.callsOf("setWebhook").at(-1)?.params).toMatchObject({
      url: `http://127.0.0.1:${port}/telegram`,
      secret_token: "a-long-enough-webhook-secret",
    });
    expect(world.fake.callsOf("getUpdates")).toHaveLength(0);
    const stranger = world.fake.user({ id: 510, first_name: "Web", language_code: "en" });
    stranger.send("hello");
    expect((await stranger.nextMessage()).text).toMatch(/by invitation only/);
    const forged = await fetch(`http://127.0.0.1:${port}/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong" },
      body: JSON.stringify({
        update_id: 999,
        message: {
          message_id: 1,
          date: 0,
          chat: { id: 510, type: "private" },
          from: { id: 510, is_bot: false, first_name: "x" },
          text: "hi",
        },
      }),
    });
    expect(forged.status).toBe(401);
    expect(await world.bot.stop()).toBe(0);
  });

  it("the secretariat changes a person's role and state, then deactivates them; each change is audited", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const link = await inviteThroughBot(secretariat, "National coordinator", "Kazakhstan");
    const daniyar = world.fake.user({ id: 607, first_name: "Daniyar", language_code: "en" });
    await joinWith(daniyar, link);

    secretariat.command("people");
    await secretariat.waitForText(/People: 2/);
    await secretariat.press("Daniyar");
    await untilButton(secretariat, "Change role or state");
    await secretariat.press("Change role or state");
    await untilButton(secretariat, "Alternate coordinator");
    await secretariat.press("Alternate coordinator");
    await untilButton(secretariat, "Kyrgyzstan");
    await secretariat.press("Kyrgyzstan");
    await secretariat.waitForText(/Alternate coordinator — Kyrgyzstan/);
    await untilButton(secretariat, "Deactivate");
    await secretariat.press("Deactivate");
    await untilButton(secretariat, "Yes, deactivate");
    await secretariat.press("Yes, deactivate");
    await secretariat.waitForText(/Status: deactivated/);

    daniyar.command("me");
    expect((await daniyar.nextMessage()).text).toMatch(/access to this bot has been withdrawn/);
    const actions = query<{ action: string }>(
      world.bot.databasePath,
      "SELECT action FROM audit_log WHERE subject = 'person:2' ORDER BY id",
    );
    expect(actions.map((a) => a.action)).toEqual(["person.joined", "person.role", "person.deactivated"]);
  });

  it("in a group the bot answers once that it works in private chat, then stays quiet", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const group = world.fake.group({ id: -100123, title: "Coordinators" });
    group.command(secretariat, "help");
    expect((await group.nextMessage()).text).toMatch(/private chat|личном чате/);
    group.command(secretariat, "people");
    group.send(secretariat, "anyone here?");
    await group.expectNoMessage(700);
    expect(
      world.fake.messagesTo(secretariat.id).filter((m) => "text" in m && /^People: \d/.test(m.text ?? "")),
    ).toHaveLength(0);
  });

  it("SIGTERM exits 0 and leaves the database intact", async () => {
    world = await startWorld();
    await firstSecretariat(world);
    expect(await world.bot.stop()).toBe(0);
    const check = query<{ integrity_check: string }>(world.bot.databasePath, "PRAGMA integrity_check");
    expect(check).toEqual([{ integrity_check: "ok" }]);
    expect(world.bot.logs.some((l) => l.msg === "stopped")).toBe(true);
    expect(world.bot.rawOutput).not.toContain("AAtest-token-for-the-fake-server");
  });
});
