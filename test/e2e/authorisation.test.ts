/**
 * Hostile input, the fast part: every secretariat command and button tried by a stranger, an
 * observer, a coordinator and an alternate; coordinators acting for another state; the same
 * update delivered twice; and invitation codes guessed. Nothing may change, and no code is logged.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CARD_ACTIONS } from "../../src/bot/features/reviews/keyboards.js";
import { ROUND_ACTIONS } from "../../src/bot/features/rounds/keyboards.js";
import { MAX_FAILED_ATTEMPTS } from "../../src/domain/people/invitations.js";
import {
  IDS,
  integrityCheck,
  outboxSettled,
  type RolesWorld,
  rolesWorld,
  snapshotChoices,
} from "../support/roles-scenario.js";
import { codeOf, inviteThroughBot, joinWith } from "../support/scenario.js";
import { queryDb } from "../support/seed-people.js";
import type { SimUser } from "../support/sim-user.js";

let rw: RolesWorld | undefined;
afterEach(async () => {
  await rw?.world.close();
  rw = undefined;
});

const SECRETARIAT_COMMANDS = [
  "invite",
  "people",
  "announce",
  "announcements",
  "rounds",
  "newmeeting",
  "audit",
];
const REFUSAL =
  /not available to you|by invitation only|no longer active|not valid|only for your own state|not taking part|observers|out of date|nothing to confirm|Nothing was changed/i;

/** Every callback payload found on the keyboards the bot sent to a chat. */
function callbackDataSeen(user: SimUser): string[] {
  return user
    .messages()
    .flatMap((m) => m.callbackData.flat())
    .filter((d) => d !== "");
}

/** The secretariat's buttons: those its commands really show, and forged ones of every action. */
async function secretariatButtons(w: RolesWorld): Promise<string[]> {
  const { secretariat } = w;
  for (const [command, answer] of [
    ["invite", /Whom do you want to invite/],
    ["people", /People/],
    ["announcements", /nnouncement/],
    ["rounds", /ound/],
    ["meetings", /eeting/],
  ] as const) {
    secretariat.command(command);
    await secretariat.waitForText(answer);
  }
  // A round's card and a meeting's roster, with their document buttons.
  secretariat.command("rounds");
  await secretariat.waitForText(/Review rounds/);
  await secretariat.press(/^#1 · /);
  await secretariat.waitForText(/Round #1/);
  secretariat.command("meetings");
  await secretariat.waitForText(/Upcoming meetings/);
  await secretariat.press(/ · Meeting of national coordinators$/);
  await secretariat.waitForText(/Kazakhstan: /);
  secretariat.command("cancel");
  await secretariat.waitForText(/nothing to stop|ancel/i);
  const people = queryDb<{ id: number }>(w.world.bot.databasePath, "SELECT id FROM people ORDER BY id");
  const target = people.at(-1)?.id ?? 1;
  const r = w.roundId;
  const m = w.meetingId;
  const a = w.announcementId;
  const forged = [
    ...["coordinator", "alternate", "observer", "secretariat"].map((role) => `inv:${role}:_`),
    "inv:coordinator:s.KZ",
    "inv:observer:o.UNHCR",
    "invr:1",
    "pp:list:0:0",
    `pp:card:${target}:0`,
    `pp:off:${target}:yes`,
    `pp:on:${target}:-`,
    `pp:role:${target}:-`,
    `pp:aff:${target}:secretariat.-`,
    `pp:aff:${target}:coordinator.KG`,
    "pp:pending:0:0",
    ...["show", "acks", "resend", "resend_yes"].map((action) => `anl:${action}:${a}`),
    `anr:${a}:1`,
    ...ROUND_ACTIONS.map((action) => `rr:${action}:${r}:-`),
    `rr:tog:${r}:TJ`,
    `rr:docx:${r}:en`,
    `rr:xlsx:${r}:ru`,
    `rr:docx:${r}:xx`,
    ...["docx", "xlsx", "pdf"].flatMap((f) => ["-", "ru", "en"].map((l) => `msl:${m}:${f}:${l}`)),
    ...["list", "roster", "csv", "place", "resched", "cancel", "cancelyes", "c"].map((x) => `ms:${m}:${x}`),
    "an:confirm:send",
    "an:audience:everyone",
    "mst:inv:done",
    "rrx:x",
    "au:d30:-:-",
    "au:all:KZ:xlsx",
  ];
  return [...new Set([...callbackDataSeen(secretariat), ...forged])];
}

describe("authorisation matrix", () => {
  it("every secretariat command and button, tried by a stranger, an observer, a coordinator and an alternate, is refused and changes nothing", async () => {
    rw = await rolesWorld();
    const w = rw;
    const buttons = await secretariatButtons(w);
    expect(buttons.length).toBeGreaterThan(40);
    await outboxSettled(w.world.bot.databasePath); // the announcement and round invitations go out first
    const before = snapshotChoices(w.world.bot.databasePath);
    let refusedCommands = 0;
    let refusedPresses = 0;
    for (const persona of [w.stranger, w.observer, w.coordinator, w.alternate]) {
      for (const command of SECRETARIAT_COMMANDS) {
        persona.command(command);
        // A stranger is answered once per half minute (a flood gets few answers), members every time.
        if (persona === w.stranger && refusedCommands > 0 && command !== SECRETARIAT_COMMANDS[0]) {
          await persona.expectNoMessage(150);
        } else {
          await persona.waitForText(REFUSAL);
        }
        refusedCommands++;
      }
      for (const data of buttons) {
        const answer = await persona.pressData(data);
        expect(answer.text ?? "", `${data} pressed by ${persona.user.first_name}`).toMatch(REFUSAL);
        refusedPresses++;
      }
      // Nothing the refusals sent carries a secretariat keyboard, a document or a picture.
      const leaked = callbackDataSeen(persona).filter((d) =>
        /^(inv|invr|pp|anl|anr|rr|ms|msl|an|mst|au):/.test(d),
      );
      expect(leaked, `secretariat buttons shown to ${persona.user.first_name}`).toEqual([]);
      const files = persona.messages().filter((m) => m.document || m.photo);
      expect(files, `files sent to ${persona.user.first_name}`).toEqual([]);
    }
    expect(snapshotChoices(w.world.bot.databasePath)).toEqual(before);
    expect(integrityCheck(w.world.bot.databasePath)).toBe("ok");
    console.log(
      `authorisation matrix: ${refusedCommands} commands and ${refusedPresses} presses (${buttons.length} distinct payloads x 4 people) refused, nothing changed`,
    );
  });

  it("a coordinator cannot answer, delegate or take a position for another state; an observer takes no position", async () => {
    rw = await rolesWorld();
    const w = rw;
    await w.coordinator.waitForText(/Please confirm you have read the agenda/);
    await new Promise((r) => setTimeout(r, 1000));
    const items = queryDb<{ id: number }>(
      w.world.bot.databasePath,
      "SELECT id FROM review_items WHERE round_id = ? ORDER BY id LIMIT 2",
      w.roundId,
    );
    expect(items.length).toBe(2);
    const before = snapshotChoices(w.world.bot.databasePath);
    const m = w.meetingId;
    const tries: [SimUser, string][] = [
      // The Kazakh coordinator and alternate for Kyrgyzstan and for UNHCR.
      ...[w.coordinator, w.alternate].flatMap((p) =>
        ["in", "on", "no"].flatMap((a) => [
          [p, `mr:${m}:s.KG:${a}`] as [SimUser, string],
          [p, `mr:${m}:o.UNHCR:${a}`] as [SimUser, string],
          [p, `mr:${m}:s.TJ:${a}`] as [SimUser, string],
        ]),
      ),
      // The observer for a state.
      [w.observer, `mr:${m}:s.KZ:in`],
      [w.observer, `mr:${m}:s.KG:no`],
      // Delegation steps without an answer in progress.
      [w.coordinator, "mst:dlg:add"],
      [w.coordinator, "mst:dlg:finish"],
      // Positions: the observer, and Tajikistan, which does not take part.
      ...CARD_ACTIONS.filter((a) => a !== "c" && a !== "n" && a !== "p" && a !== "i").map(
        (a) => [w.observer, `rv:${w.roundId}:${items[0]?.id}:${a}`] as [SimUser, string],
      ),
      [
        w.world.fake.user({ id: IDS.coordinatorTj, first_name: "Firuz" }),
        `rv:${w.roundId}:${items[0]?.id}:s`,
      ],
      [w.world.fake.user({ id: IDS.coordinatorTj, first_name: "Firuz" }), `rvg:${w.roundId}:t`],
      [w.observer, `rvg:${w.roundId}:t`],
      // A card of another round, a forged round.
      [w.coordinator, `rv:${w.roundId + 50}:${items[0]?.id}:s`],
      [w.coordinator, `rv:${w.roundId}:999999:s`],
      // Acknowledging an announcement one did not receive.
      [w.stranger, `ack:${w.announcementId}`],
      [w.coordinator, `ack:${w.announcementId + 7}`],
    ];
    for (const [person, data] of tries) {
      if (!person.messages().length) {
        person.command("help");
        await person.nextMessage();
      }
      const answer = await person.pressData(data);
      expect(answer.text ?? "", `${data} by ${person.user.first_name}`).toMatch(REFUSAL);
    }
    expect(snapshotChoices(w.world.bot.databasePath)).toEqual(before);
    console.log(`another state's actions: ${tries.length} presses refused, nothing changed`);
  });
});

describe("the same update twice", () => {
  it("a position, an RSVP and an acknowledgement delivered twice take effect once", async () => {
    rw = await rolesWorld();
    const w = rw;
    const db = w.world.bot.databasePath;
    const { coordinator, world } = w;
    await coordinator.waitForText(/Please confirm you have read the agenda/);
    const ackAnswer = coordinator.press(/read|Acknowledge|Confirm/i);
    await ackAnswer;
    const ackUpdate = world.fake.updates.at(-1)?.update_id ?? 0;

    const items = queryDb<{ id: number }>(
      db,
      "SELECT id FROM review_items WHERE round_id = ? ORDER BY id LIMIT 1",
      w.roundId,
    );
    expect(items.length).toBe(1);
    coordinator.command("review");
    await world.fake
      .waitFor(() =>
        coordinator.messages().some((v) => v.callbackData.flat().some((d) => /^rv:\d+:\d+:s$/.test(d))),
      )
      .catch((e) => {
        console.log(coordinator.messages().map((v) => [v.text.slice(0, 80), v.callbackData]));
        throw e;
      });
    const card = coordinator
      .messages()
      .reverse()
      .find((v) => v.callbackData.flat().some((d) => /^rv:\d+:\d+:s$/.test(d)));
    const support = card?.callbackData.flat().find((d) => /^rv:\d+:\d+:s$/.test(d)) ?? "";
    await coordinator.pressData(support, card?.message_id);
    const positionUpdate = world.fake.updates.at(-1)?.update_id ?? 0;

    await coordinator.pressData(`mr:${w.meetingId}:s.KZ:no`);
    const rsvpUpdate = world.fake.updates.at(-1)?.update_id ?? 0;
    await coordinator.waitForText(/declined|not attend|will not/i);

    const count = (sql: string, ...p: unknown[]) => queryDb<{ n: number }>(db, sql, ...p)[0]?.n;
    const state = () => ({
      acks: count("SELECT COUNT(*) AS n FROM announcement_acks"),
      positions: count("SELECT COUNT(*) AS n FROM review_positions"),
      rsvps: count("SELECT COUNT(*) AS n FROM rsvps"),
      rsvpHistory: count("SELECT COUNT(*) AS n FROM rsvp_history"),
      audit: count("SELECT COUNT(*) AS n FROM audit_log"),
      answersSent: world.fake.callsOf("answerCallbackQuery").length,
    });
    const once = state();
    expect(once.acks).toBe(1);
    expect(once.positions).toBe(1);
    expect(once.rsvps).toBe(1);

    for (const id of [ackUpdate, positionUpdate, rsvpUpdate]) world.fake.pushDuplicate(id);
    await w.world.bot.waitForLog(
      (l) => l.msg === "repeated update dropped" && l.update_id === rsvpUpdate,
      10_000,
      "the third duplicate to be dropped",
    );
    const drops = w.world.bot.logs.filter((l) => l.msg === "repeated update dropped").length;
    expect(drops).toBe(3);
    expect(state()).toEqual(once);
    console.log(`dedup: 3 updates delivered twice, ${drops} dropped, effects once`);
  });
});

describe("invitation guessing", () => {
  it("wrong codes are refused, the guesser is slowed down after a few, and no code is ever logged in full", async () => {
    rw = await rolesWorld();
    const w = rw;
    const guesser = w.stranger;
    const guesses: string[] = [];
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) {
      const code = `Guess${i}xxxxxxxxxxxxxxxxxxx`.slice(0, 24);
      guesses.push(code);
      guesser.command("start", code);
      expect((await guesser.nextMessage()).text).toMatch(/not valid/);
    }
    // Now even a real code is not looked at.
    const link = await inviteThroughBot(w.secretariat, "National coordinator", "Uzbekistan");
    guesser.command("start", codeOf(link));
    expect((await guesser.nextMessage()).text).toMatch(/Too many invalid invitation links/);
    const slowedAt = Date.now();
    for (let i = 0; i < 20; i++) {
      const code = `More${i}yyyyyyyyyyyyyyyyyyyyyy`.slice(0, 24);
      guesses.push(code);
      guesser.command("start", code);
      expect((await guesser.nextMessage()).text).toMatch(/Too many/);
    }
    expect(
      queryDb<{ n: number }>(
        w.world.bot.databasePath,
        "SELECT COUNT(*) AS n FROM people WHERE telegram_id = ?",
        IDS.stranger,
      )[0]?.n,
    ).toBe(0);

    // Someone else joins with the same link; it works for them and is then used up.
    const newcomer = w.world.fake.user({ id: 777, first_name: "Dilnoza", language_code: "en" });
    await joinWith(newcomer, link);
    // Past the window, the guesser may try again (and the used link is refused as used).
    w.world.bot.setClock(
      new Date(Date.parse("2026-03-02T04:00:00.000Z") + 16 * 60_000 + (Date.now() - slowedAt)),
    );
    guesser.command("start", codeOf(link));
    expect((await guesser.nextMessage()).text).toMatch(/already been used/);

    // The operator's one-time bootstrap link is the only full code in the log (none here: the
    // secretariat was seeded after it was printed, so at most that one).
    const bootstrap = /start=([\w-]{24})/.exec(
      w.world.bot.logs.find((l) => String(l.msg).startsWith("no secretariat member yet"))?.link as string,
    )?.[1];
    const output = w.world.bot.rawOutput;
    for (const code of [...guesses, codeOf(link)]) expect(output, `code ${code} logged`).not.toContain(code);
    const fullCodes = [...output.matchAll(/[A-Za-z0-9_-]{24}/g)]
      .map((x) => x[0])
      .filter((c) => c !== bootstrap);
    const invitationCodes = fullCodes.filter((c) => c === codeOf(link) || guesses.includes(c));
    expect(invitationCodes).toEqual([]);
    expect(integrityCheck(w.world.bot.databasePath)).toBe("ok");
    console.log(
      `guessing: ${guesses.length} wrong codes, slowed down after ${MAX_FAILED_ATTEMPTS}; no code in ${output.length} bytes of log`,
    );
  });
});
