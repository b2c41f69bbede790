/**
 * The rules of review rounds on a migrated in-memory database: one position per state per item,
 * supersede with history, consensus, the deadline, observers, nudge targeting, closing, exports.
 */
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.js";
import { createInvitation, redeemInvitation } from "../../src/domain/people/invitations.js";
import type { Person } from "../../src/domain/people/people.js";
import { closeDueRounds, queueDueNudges } from "../../src/domain/reviews/deadlines.js";
import { roundDigest } from "../../src/domain/reviews/digest.js";
import { type ExportLabels, historyCsv, positionsCsv } from "../../src/domain/reviews/export.js";
import {
  confirmPassedToGovernment,
  decideOutcome,
  governmentConfirmations,
} from "../../src/domain/reviews/government.js";
import { FOUNDING_ROUND_KEY, parseVersions, seedFoundingRound } from "../../src/domain/reviews/import.js";
import {
  closeRoundEarly,
  inviteLateReviewers,
  openRound,
  setDeadline,
  setNudgeLeads,
  toggleParticipant,
} from "../../src/domain/reviews/lifecycle.js";
import { parseDayMonthYear, parseLocalDateTime } from "../../src/domain/reviews/local-time.js";
import {
  addComment,
  confirmCompletion,
  currentPositions,
  recordPosition,
  stateProgress,
  unfinishedStates,
} from "../../src/domain/reviews/positions.js";
import { listCards, participants } from "../../src/domain/reviews/rounds.js";
import { computeTally } from "../../src/domain/reviews/tally.js";
import { testDatabase } from "../support/test-db.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse("2026-11-24T10:00:00Z");
const DEADLINE = NOW + 10 * DAY;
let db: Db;
let nextTelegramId = 100;

beforeEach(async () => {
  db = (await testDatabase()).db;
});
afterEach(async () => {
  await db.destroy();
});

async function person(
  role: "secretariat" | "coordinator" | "alternate" | "observer",
  where: { state?: string; org?: string } = {},
): Promise<Person> {
  const { code } = await createInvitation(db, {
    role,
    stateCode: where.state ?? null,
    orgCode: where.org ?? null,
    createdBy: null,
    ttlDays: 7,
    now: NOW - DAY,
  });
  const telegramId = nextTelegramId++;
  return redeemInvitation(
    db,
    code,
    {
      telegramId,
      name: `${role} ${where.state ?? where.org ?? ""} ${telegramId}`.trim(),
      telegramUsername: null,
      language: "en",
      timeZone: null,
    },
    NOW - DAY,
  );
}

/** The founding round, opened to the four member states with a deadline 10 days ahead. */
async function openFoundingRound(secretariat: Person): Promise<number> {
  const roundId = await seedFoundingRound(db, NOW);
  await setDeadline(db, secretariat, roundId, DEADLINE, NOW);
  await openRound(db, secretariat, roundId, NOW);
  return roundId;
}

async function cardIds(roundId: number): Promise<number[]> {
  return (await listCards(db, roundId, "en")).map((c) => c.id);
}

async function answerAll(who: Person, roundId: number, position: "support" | "abstain", at = NOW + HOUR) {
  for (const itemId of await cardIds(roundId))
    await recordPosition(db, who, { roundId, itemId, position }, at);
}

const labels: ExportLabels = {
  columns: {
    item: "Item",
    text: "Text",
    state_code: "State code",
    state: "State",
    position: "Position",
    reason: "Reason",
    recorded_by: "Recorded by",
    role: "Role",
    recorded_at_utc: "Recorded (UTC)",
    recorded_at_almaty: "Recorded (Almaty)",
    at_utc: "When (UTC)",
    at_almaty: "When (Almaty)",
    event: "Event",
    affiliation: "State or organisation",
    person: "Person",
  },
  position: { support: "Support", object: "Object", abstain: "Abstain", none: "Not answered" },
  event: {
    opened: "opened",
    position: "position",
    comment: "comment",
    amendment: "amendment",
    completion: "completion",
    closed: "closed",
    government: "government",
  },
  role: (role) => role,
};

describe("the founding round", () => {
  it("is created once as a draft from the shipped files: 9 cards, 7 split into its sub-items, member states", async () => {
    const first = await seedFoundingRound(db, NOW);
    const second = await seedFoundingRound(db, NOW + 1000);
    expect(second).toBe(first);
    const rounds = await db.selectFrom("review_rounds").selectAll().execute();
    expect(rounds).toHaveLength(1);
    expect(rounds[0]).toMatchObject({ status: "draft", source_key: FOUNDING_ROUND_KEY, deadline_at: null });
    const ru = await listCards(db, first, "ru");
    expect(ru.map((c) => c.label)).toEqual(["1", "2", "3", "4", "5", "6", "7а", "7б", "7в"]);
    expect(ru[7]?.text).toBe("Дать официальное начало Алматинскому процессу");
    expect(ru[7]?.lead).toMatch(/^Рекомендовать проведение второй Министерской конференции/);
    const en = await listCards(db, first, "en");
    expect(en.map((c) => c.label).slice(6)).toEqual(["7a", "7b", "7c"]);
    expect(en[0]?.text).toBe("Approve the draft Regional Cooperation Programme (RCP)");
    expect(await participants(db, first)).toEqual(["KZ", "KG", "TJ", "TM"]);
    const texts = await db.selectFrom("review_round_texts").selectAll().orderBy("lang").execute();
    expect(texts.map((t) => t.lang)).toEqual(["en", "ru"]);
    expect(texts[1]?.intro).toContain("Преамбула");
  });

  it("two language versions that do not match create nothing", () => {
    const result = parseVersions(
      [
        { label: "ru", text: "title: Т\nlanguage: ru\n1. Один\n2. Два\n" },
        { label: "en", text: "title: T\nlanguage: en\n1. One\n" },
      ],
      "en",
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ kind: "mismatch" });
  });
});

describe("opening", () => {
  it("needs a deadline in the future; queues one invitation per coordinator and alternate of the states taking part", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    const kzAlt = await person("alternate", { state: "KZ" });
    await person("coordinator", { state: "AF" }); // not taking part
    await person("observer", { org: "UNHCR" });
    const roundId = await seedFoundingRound(db, NOW);
    await expect(openRound(db, secretariat, roundId, NOW)).rejects.toMatchObject({
      key: "review.deadline_missing",
    });
    await expect(setDeadline(db, secretariat, roundId, NOW - 1, NOW)).rejects.toMatchObject({
      key: "review.deadline_in_past",
    });
    await setDeadline(db, secretariat, roundId, DEADLINE, NOW);
    await expect(openRound(db, kz, roundId, NOW)).rejects.toMatchObject({ key: "not_allowed" });
    expect(await openRound(db, secretariat, roundId, NOW)).toEqual({ invited: 2 });
    const queued = await db.selectFrom("outbox").selectAll().orderBy("id").execute();
    expect(queued.map((r) => [r.kind, r.person_id])).toEqual([
      ["review.invitation", kz.id],
      ["review.invitation", kzAlt.id],
    ]);
    await expect(openRound(db, secretariat, roundId, NOW)).rejects.toMatchObject({
      key: "review.round_is_open",
    });
    await expect(toggleParticipant(db, secretariat, roundId, "UZ", NOW)).rejects.toMatchObject({
      key: "review.round_is_open",
    });
  });

  it("an open round's deadline can only be extended", async () => {
    const secretariat = await person("secretariat");
    const roundId = await openFoundingRound(secretariat);
    await expect(setDeadline(db, secretariat, roundId, DEADLINE - HOUR, NOW)).rejects.toMatchObject({
      key: "review.deadline_only_later",
    });
    const round = await setDeadline(db, secretariat, roundId, DEADLINE + DAY, NOW);
    expect(round.deadline_at).toBe(DEADLINE + DAY);
  });
});

describe("positions", () => {
  it("one position per state per item: the later answer is current, both stay in the history", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    const kzAlt = await person("alternate", { state: "KZ" });
    const roundId = await openFoundingRound(secretariat);
    const [itemId] = await cardIds(roundId);
    if (itemId === undefined) throw new Error("no cards");
    await recordPosition(db, kz, { roundId, itemId, position: "support" }, NOW + 1000);
    await recordPosition(
      db,
      kzAlt,
      { roundId, itemId, position: "object", reason: "Needs a budget" },
      NOW + 2000,
    );
    const current = await currentPositions(db, roundId);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ person_id: kzAlt.id, position: "object", reason: "Needs a budget" });
    const history = await db
      .selectFrom("review_positions")
      .select(["person_id", "position", "at"])
      .orderBy("id")
      .execute();
    expect(history).toEqual([
      { person_id: kz.id, position: "support", at: NOW + 1000 },
      { person_id: kzAlt.id, position: "object", at: NOW + 2000 },
    ]);
    const audited = await db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "review.position")
      .execute();
    expect(audited).toHaveLength(2);
  });

  it("an objection without a reason is not recorded", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    const roundId = await openFoundingRound(secretariat);
    const [itemId] = await cardIds(roundId);
    await expect(
      recordPosition(db, kz, { roundId, itemId: itemId ?? 0, position: "object", reason: "   " }, NOW),
    ).rejects.toMatchObject({ key: "review.reason_required" });
    await expect(
      recordPosition(
        db,
        kz,
        { roundId, itemId: itemId ?? 0, position: "object", reason: "x".repeat(2001) },
        NOW,
      ),
    ).rejects.toMatchObject({ key: "review.text_too_long" });
    expect(await currentPositions(db, roundId)).toEqual([]);
  });

  it("refuses observers, states not taking part, cards of another round and answers after the deadline", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    const af = await person("coordinator", { state: "AF" });
    const observer = await person("observer", { org: "UNHCR" });
    const roundId = await openFoundingRound(secretariat);
    const [itemId = 0] = await cardIds(roundId);
    await expect(
      recordPosition(db, observer, { roundId, itemId, position: "support" }, NOW),
    ).rejects.toMatchObject({
      key: "review.observer_no_position",
    });
    await expect(recordPosition(db, af, { roundId, itemId, position: "support" }, NOW)).rejects.toMatchObject(
      {
        key: "review.not_participant",
      },
    );
    const other = await seedOtherRound(secretariat);
    const [foreignItem = 0] = await cardIds(other);
    await expect(
      recordPosition(db, kz, { roundId, itemId: foreignItem, position: "support" }, NOW),
    ).rejects.toMatchObject({ key: "button_invalid" });
    await expect(
      recordPosition(db, kz, { roundId: other, itemId: foreignItem, position: "support" }, NOW),
    ).rejects.toMatchObject({
      key: "review.round_not_found",
    });
    await expect(
      recordPosition(db, kz, { roundId, itemId, position: "support" }, DEADLINE),
    ).rejects.toMatchObject({
      key: "review.read_only",
    });
    await expect(
      addComment(db, kz, { roundId, itemId, kind: "comment", text: "late" }, DEADLINE + 1),
    ).rejects.toMatchObject({ key: "review.read_only" });
    expect(await currentPositions(db, roundId)).toEqual([]);
    expect(await db.selectFrom("review_comments").selectAll().execute()).toEqual([]);
  });

  it("an observer's comment is kept apart from the states'; an observer cannot propose wording", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    const observer = await person("observer", { org: "UNHCR" });
    const roundId = await openFoundingRound(secretariat);
    const [itemId = 0] = await cardIds(roundId);
    await addComment(
      db,
      observer,
      { roundId, itemId, kind: "comment", text: "UNHCR stands ready to help" },
      NOW,
    );
    await addComment(
      db,
      kz,
      { roundId, itemId, kind: "amendment", text: "Approve the revised draft RCP" },
      NOW,
    );
    await expect(
      addComment(db, observer, { roundId, itemId, kind: "amendment", text: "x" }, NOW),
    ).rejects.toMatchObject({ key: "review.observer_no_position" });
    const tally = await computeTally(db, roundId, "en");
    expect(tally.cards[0]?.observerComments.map((c) => c.text)).toEqual(["UNHCR stands ready to help"]);
    expect(tally.cards[0]?.comments.map((c) => [c.kind, c.text])).toEqual([
      ["amendment", "Approve the revised draft RCP"],
    ]);
    expect(tally.cards[0]?.counts.none).toBe(4);
  });

  it("a state resumes at its first unanswered card and confirms only when every card has a position", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    const roundId = await openFoundingRound(secretariat);
    const ids = await cardIds(roundId);
    for (const itemId of ids.slice(0, 3))
      await recordPosition(db, kz, { roundId, itemId, position: "support" }, NOW);
    expect(await stateProgress(db, roundId, "KZ")).toEqual({ answered: 3, total: 9, firstUnanswered: 4 });
    await expect(confirmCompletion(db, kz, roundId, NOW)).rejects.toMatchObject({
      key: "review.not_all_answered",
    });
    await answerAll(kz, roundId, "abstain");
    expect((await stateProgress(db, roundId, "KZ")).firstUnanswered).toBeNull();
    await confirmCompletion(db, kz, roundId, NOW + 2 * HOUR);
    expect(await db.selectFrom("review_completions").select("state_code").execute()).toEqual([
      { state_code: "KZ" },
    ]);
  });
});

async function seedOtherRound(secretariat: Person): Promise<number> {
  const parsed = parseVersions([{ label: "x", text: "title: Other\n1. Something else\n" }], "en");
  if (!parsed.ok) throw new Error("bad test file");
  const { createRoundFromVersions } = await import("../../src/domain/reviews/import.js");
  const { roundId } = await createRoundFromVersions(db, {
    versions: parsed.versions,
    actor: secretariat,
    now: NOW,
  });
  return roundId;
}

describe("consensus", () => {
  it("holds only when every member state taking part has answered and none objects", async () => {
    const secretariat = await person("secretariat");
    const roundId = await seedFoundingRound(db, NOW);
    await toggleParticipant(db, secretariat, roundId, "AF", NOW); // a participant that is not a member
    await setDeadline(db, secretariat, roundId, DEADLINE, NOW);
    await openRound(db, secretariat, roundId, NOW);
    const [kz, kg, tj, tm, af] = await Promise.all(
      ["KZ", "KG", "TJ", "TM", "AF"].map((state) => person("coordinator", { state })),
    );
    if (!kz || !kg || !tj || !tm || !af) throw new Error("people");
    const ids = await cardIds(roundId);
    const [first = 0, second = 0] = ids;
    await answerAll(kz, roundId, "support");
    await answerAll(kg, roundId, "support");
    await answerAll(tj, roundId, "abstain");
    let tally = await computeTally(db, roundId, "en");
    expect(tally.cards[0]?.consensus).toBe(false); // Turkmenistan has not answered
    expect(tally.unfinished).toEqual(["TM", "AF"]);
    await answerAll(tm, roundId, "support");
    await recordPosition(
      db,
      af,
      { roundId, itemId: first, position: "object", reason: "Not a member yet" },
      NOW,
    );
    tally = await computeTally(db, roundId, "en");
    expect(tally.cards[0]?.consensus).toBe(true); // a non-member's objection does not decide it
    expect(tally.cards[0]?.counts).toEqual({ support: 3, object: 1, abstain: 1, none: 0 });
    expect(tally.consensus).toBe(true);
    await recordPosition(
      db,
      tm,
      { roundId, itemId: second, position: "object", reason: "Wording" },
      NOW + 5 * HOUR,
    );
    tally = await computeTally(db, roundId, "en");
    expect(tally.cards[1]?.consensus).toBe(false);
    expect(tally.cards[0]?.consensus).toBe(true);
    expect(tally.consensus).toBe(false);
  });
});

describe("deadline and closing", () => {
  it("the round closes by itself at the deadline, tells the secretariat once, and drops pending nudges", async () => {
    const secretariat = await person("secretariat");
    await person("coordinator", { state: "KZ" });
    const roundId = await openFoundingRound(secretariat);
    expect(await closeDueRounds(db, DEADLINE - 1)).toEqual([]);
    await queueDueNudges(db, DEADLINE - HOUR);
    expect(await closeDueRounds(db, DEADLINE + 5000)).toEqual([roundId]);
    expect(await closeDueRounds(db, DEADLINE + 6000)).toEqual([]);
    const round = await db.selectFrom("review_rounds").selectAll().executeTakeFirstOrThrow();
    expect(round).toMatchObject({
      status: "closed",
      close_reason: "deadline",
      closed_at: DEADLINE,
      closed_by: null,
    });
    const rows = await db
      .selectFrom("outbox")
      .select(["kind", "status", "person_id"])
      .orderBy("id")
      .execute();
    expect(rows.filter((r) => r.kind === "review.closed")).toEqual([
      { kind: "review.closed", status: "pending", person_id: secretariat.id },
    ]);
    expect(rows.filter((r) => r.kind === "review.nudge").map((r) => r.status)).toEqual(["cancelled"]);
  });

  it("closing early is the secretariat's; after adoption each state confirms passing to its government", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    await person("alternate", { state: "KZ" });
    const kgAlt = await person("alternate", { state: "KG" });
    const roundId = await openFoundingRound(secretariat);
    await expect(closeRoundEarly(db, kz, roundId, NOW + DAY)).rejects.toMatchObject({ key: "not_allowed" });
    await expect(decideOutcome(db, secretariat, roundId, true, NOW + DAY)).rejects.toMatchObject({
      key: "review.round_is_open",
    });
    await closeRoundEarly(db, secretariat, roundId, NOW + DAY);
    expect(await decideOutcome(db, secretariat, roundId, true, NOW + DAY)).toEqual({ requested: 2 });
    await expect(decideOutcome(db, secretariat, roundId, false, NOW + DAY)).rejects.toMatchObject({
      key: "review.outcome_decided",
    });
    const requests = await db
      .selectFrom("outbox")
      .select("person_id")
      .where("kind", "=", "review.government_request")
      .orderBy("person_id")
      .execute();
    // Kazakhstan's coordinator; Kyrgyzstan has no coordinator, so its alternate.
    expect(requests.map((r) => r.person_id)).toEqual([kz.id, kgAlt.id]);
    const zone = "Asia/Almaty";
    await expect(
      confirmPassedToGovernment(
        db,
        kz,
        { roundId, passedOn: "2030-01-01", note: null, timeZone: zone },
        NOW + 2 * DAY,
      ),
    ).rejects.toMatchObject({ key: "review.date_in_future" });
    await confirmPassedToGovernment(
      db,
      kz,
      { roundId, passedOn: "2026-11-26", note: "Sent to the Ministry", timeZone: zone },
      NOW + 2 * DAY,
    );
    const confirmed = await governmentConfirmations(db, roundId);
    expect([...confirmed.keys()]).toEqual(["KZ"]);
    expect(confirmed.get("KZ")).toMatchObject({ passed_on: "2026-11-26", note: "Sent to the Ministry" });
  });
});

describe("nudges", () => {
  it("reach only the states that have not finished, once per person and lead", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    const kzAlt = await person("alternate", { state: "KZ" });
    const kg = await person("coordinator", { state: "KG" });
    const kgAlt = await person("alternate", { state: "KG" });
    const tj = await person("coordinator", { state: "TJ" });
    await person("observer", { org: "IOM" });
    const roundId = await openFoundingRound(secretariat);
    await answerAll(kz, roundId, "support");
    const [first = 0] = await cardIds(roundId);
    await recordPosition(db, kg, { roundId, itemId: first, position: "support" }, NOW + HOUR);

    expect(await queueDueNudges(db, DEADLINE - 73 * HOUR)).toBe(0);
    expect(await queueDueNudges(db, DEADLINE - 72 * HOUR)).toBe(3);
    expect(await queueDueNudges(db, DEADLINE - 71 * HOUR)).toBe(0);
    expect(await queueDueNudges(db, DEADLINE - 24 * HOUR)).toBe(3);
    expect(await queueDueNudges(db, DEADLINE - HOUR)).toBe(0);
    const nudges = await db
      .selectFrom("outbox")
      .select(["person_id", "idempotency_key"])
      .where("kind", "=", "review.nudge")
      .orderBy("id")
      .execute();
    const recipients = nudges.map((n) => n.person_id);
    expect(new Set(recipients)).toEqual(new Set([kg.id, kgAlt.id, tj.id]));
    expect(recipients).not.toContain(kz.id);
    expect(recipients).not.toContain(kzAlt.id);
    expect(nudges).toHaveLength(6);
    expect(await unfinishedStates(db, roundId)).toEqual(["KG", "TJ", "TM"]);
  });

  it("a process that was down sends the latest nudge only, and none whose moment came before opening", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    const roundId = await seedFoundingRound(db, NOW);
    await setNudgeLeads(db, secretariat, roundId, [48 * HOUR, 2 * HOUR], NOW);
    await setDeadline(db, secretariat, roundId, NOW + 30 * HOUR, NOW);
    await openRound(db, secretariat, roundId, NOW);
    expect(await queueDueNudges(db, NOW + HOUR)).toBe(0); // 48 h before came before opening
    expect(await queueDueNudges(db, NOW + 29 * HOUR)).toBe(1);
    const [row] = await db.selectFrom("outbox").selectAll().where("kind", "=", "review.nudge").execute();
    expect(row).toMatchObject({ person_id: kz.id, expires_at: NOW + 30 * HOUR });
    expect(JSON.parse(row?.content ?? "{}")).toMatchObject({ params: { roundId, lead: 2 * HOUR } });
  });
});

describe("exports", () => {
  it("positions and history CSV parse back to what was recorded, with a byte-order mark", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    const kzAlt = await person("alternate", { state: "KZ" });
    const observer = await person("observer", { org: "UNHCR" });
    const roundId = await openFoundingRound(secretariat);
    const [first = 0] = await cardIds(roundId);
    await recordPosition(db, kz, { roundId, itemId: first, position: "support" }, NOW + HOUR);
    await recordPosition(
      db,
      kzAlt,
      { roundId, itemId: first, position: "object", reason: 'Бюджет, "РПС"' },
      NOW + 2 * HOUR,
    );
    await addComment(
      db,
      observer,
      { roundId, itemId: first, kind: "comment", text: "Готовы помочь" },
      NOW + 3 * HOUR,
    );

    const positions = await positionsCsv(db, roundId, "ru", labels);
    expect([...positions.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(positions, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(9 * 4);
    expect(rows[0]).toMatchObject({
      Item: "1",
      "State code": "KZ",
      State: "Казахстан",
      Position: "Object",
      Reason: 'Бюджет, "РПС"',
      "Recorded by": kzAlt.name,
      "Recorded (UTC)": "2026-11-24T12:00:00Z",
      "Recorded (Almaty)": "2026-11-24 17:00",
    });
    expect(rows[1]).toMatchObject({ "State code": "KG", Position: "Not answered", Reason: "" });

    const history = parse(await historyCsv(db, roundId, "ru", labels), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(history.map((r) => [r.Event, r.Person, r.Position, r.Text])).toEqual([
      ["opened", secretariat.name, "", ""],
      ["position", kz.name, "Support", ""],
      ["position", kzAlt.name, "Object", 'Бюджет, "РПС"'],
      ["comment", observer.name, "", "Готовы помочь"],
    ]);
  });
});

describe("typed dates", () => {
  it("reads deadlines in Almaty time and days as DD.MM.YYYY", () => {
    expect(parseLocalDateTime("25.12.2026 18:00", "Asia/Almaty")).toBe(Date.parse("2026-12-25T13:00:00Z"));
    expect(parseLocalDateTime("2026-12-25 18:00", "Asia/Almaty")).toBe(Date.parse("2026-12-25T13:00:00Z"));
    expect(parseLocalDateTime("31.02.2026 18:00", "Asia/Almaty")).toBeUndefined();
    expect(parseLocalDateTime("tomorrow", "Asia/Almaty")).toBeUndefined();
    expect(parseDayMonthYear("5.3.2027")).toBe("2027-03-05");
    expect(parseDayMonthYear("29.02.2027")).toBeUndefined();
  });
});

describe("the secretariat's digest of review rounds", () => {
  it("lists an open round whose deadline falls within the horizon, with the states that have not finished", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    const roundId = await openFoundingRound(secretariat);
    await answerAll(kz, roundId, "support");
    expect(await roundDigest(db, NOW, 7 * DAY)).toEqual([]);
    const soon = await roundDigest(db, DEADLINE - 2 * DAY, 7 * DAY);
    expect(soon.map((e) => e.round.id)).toEqual([roundId]);
    expect(soon[0]?.unfinished.sort()).toEqual(["KG", "TJ", "TM"]);
    expect(await roundDigest(db, DEADLINE + 1, 7 * DAY)).toEqual([]);
  });
});

describe("people who join after a round opened", () => {
  it("are invited to the open round once; those invited at opening are not invited again", async () => {
    const secretariat = await person("secretariat");
    const kz = await person("coordinator", { state: "KZ" });
    await openFoundingRound(secretariat);
    const invitations = async () =>
      (
        await db
          .selectFrom("outbox")
          .select(["person_id"])
          .where("kind", "=", "review.invitation")
          .orderBy("id")
          .execute()
      ).map((r) => r.person_id);
    expect(await invitations()).toEqual([kz.id]);
    expect(await inviteLateReviewers(db, NOW + HOUR)).toBe(0);
    const lateKg = await person("alternate", { state: "KG" });
    await person("observer", { org: "IOM" }); // observers record no position: not invited
    expect(await inviteLateReviewers(db, NOW + 2 * HOUR)).toBe(1);
    expect(await inviteLateReviewers(db, NOW + 3 * HOUR)).toBe(0);
    expect(await invitations()).toEqual([kz.id, lateKg.id]);
    expect(await inviteLateReviewers(db, DEADLINE + 1)).toBe(0);
  });
});
