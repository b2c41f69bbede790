/**
 * Rounds and meetings filled through the domain functions, as the documents' tests and benchmark
 * need them: people who join with an invitation, a round opened to chosen states where everyone
 * answers and comments, a meeting where delegations answer.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.js";
import { createMeeting } from "../../src/domain/meetings/meetings.js";
import { type Delegate, recordRsvp } from "../../src/domain/meetings/rsvp.js";
import { createInvitation, redeemInvitation } from "../../src/domain/people/invitations.js";
import type { Person } from "../../src/domain/people/people.js";
import { seedFoundingRound } from "../../src/domain/reviews/import.js";
import { openRound, setDeadline, toggleParticipant } from "../../src/domain/reviews/lifecycle.js";
import { addComment, recordPosition } from "../../src/domain/reviews/positions.js";
import { listCards, participants } from "../../src/domain/reviews/rounds.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let telegramIds = 50_000;

/** Someone invited with `role` for a state or an organisation joins, named `name`. */
export async function joinPerson(
  db: Kysely<Database>,
  role: "secretariat" | "coordinator" | "alternate" | "observer",
  where: { state?: string; org?: string; name?: string },
  now: number,
): Promise<Person> {
  const { code } = await createInvitation(db, {
    role,
    stateCode: where.state ?? null,
    orgCode: where.org ?? null,
    createdBy: null,
    ttlDays: 7,
    now,
  });
  const telegramId = telegramIds++;
  return redeemInvitation(
    db,
    code,
    {
      telegramId,
      name: where.name ?? `${role} ${where.state ?? where.org ?? ""} ${telegramId}`.trim(),
      telegramUsername: null,
      language: "en",
      timeZone: null,
    },
    now,
  );
}

/** The founding round (9 items) opened at `now` to exactly `states`, deadline 10 days ahead. */
export async function openFoundingRoundTo(
  db: Kysely<Database>,
  secretariat: Person,
  states: readonly string[],
  now: number,
): Promise<number> {
  const roundId = await seedFoundingRound(db, now);
  const current = await participants(db, roundId);
  for (const code of new Set([...current, ...states]))
    if (current.includes(code) !== states.includes(code))
      await toggleParticipant(db, secretariat, roundId, code, now);
  await setDeadline(db, secretariat, roundId, now + 10 * DAY, now);
  await openRound(db, secretariat, roundId, now);
  return roundId;
}

/** The ten states of the benchmark: every state but China. */
export const TEN_STATES = ["KZ", "KG", "TJ", "TM", "UZ", "AF", "IR", "RU", "TR", "AZ"] as const;

/**
 * A round of 10 states × 9 recommendations where every state answers every item (one objection
 * in seven, one abstention in five) and comments on each, and an observer comments on each.
 */
export async function busyRound(db: Kysely<Database>, now: number): Promise<number> {
  const secretariat = await joinPerson(db, "secretariat", {}, now);
  const roundId = await openFoundingRoundTo(db, secretariat, TEN_STATES, now);
  const items = await listCards(db, roundId, "ru");
  const observer = await joinPerson(db, "observer", { org: "UNHCR", name: "Observer UNHCR" }, now);
  let tick = 0;
  // Each answer a second after the one before, so the history has one order.
  const next = () => now + HOUR + ++tick * 1000;
  for (const [i, state] of TEN_STATES.entries()) {
    const coordinator = await joinPerson(db, "coordinator", { state, name: `Координатор ${state}` }, now);
    for (const [j, item] of items.entries()) {
      const position = (i + j) % 7 === 3 ? "object" : (i + j) % 5 === 4 ? "abstain" : "support";
      const reason = position === "object" ? `Возражение ${state} к п. ${item.label}: «A < B & C > D»` : null;
      await recordPosition(db, coordinator, { roundId, itemId: item.id, position, reason }, next());
      await addComment(
        db,
        coordinator,
        {
          roundId,
          itemId: item.id,
          kind: j % 2 ? "amendment" : "comment",
          text: `Комментарий ${state} к п. ${item.label}`,
        },
        next(),
      );
    }
  }
  for (const item of items)
    await addComment(
      db,
      observer,
      { roundId, itemId: item.id, kind: "comment", text: `UNHCR: ${item.label}` },
      next(),
    );
  return roundId;
}

/** A meeting of `states` in Almaty where each state answers with a delegation of `size` people. */
export async function busyMeeting(
  db: Kysely<Database>,
  states: readonly string[],
  size: number,
  now: number,
): Promise<number> {
  const secretariat = await joinPerson(db, "secretariat", {}, now);
  const meeting = await createMeeting(
    db,
    secretariat,
    {
      titles: { ru: "Совещание национальных координаторов", en: "Meeting of national coordinators" },
      kind: "coordinators",
      timeZone: "Asia/Almaty",
      startsAt: now + 30 * DAY,
      durationMinutes: 8 * 60,
      venue: "Алматы, ул. Абая 10",
      onlineUrl: "https://example.org/meet",
      rsvpDeadlineAt: now + 20 * DAY,
      invitees: [...states.map((code) => ({ kind: "state" as const, code })), { kind: "org", code: "UNHCR" }],
      reminderLeads: [1440],
    },
    now,
  );
  for (const [i, state] of states.entries()) {
    const coordinator = await joinPerson(db, "coordinator", { state }, now);
    const delegation: Delegate[] = Array.from({ length: size }, (_, k) => ({
      name: k === 0 ? `Глава делегации ${state}` : `Член делегации ${state} ${k}`,
      function: k === 0 ? "Заместитель министра" : "Советник",
      mode: k % 3 === 2 ? "online" : "in_person",
    }));
    await recordRsvp(db, {
      person: coordinator,
      meetingId: meeting.id,
      party: { kind: "state", code: state },
      attendance: "in_person",
      delegation,
      now: now + (i + 1) * HOUR,
    });
  }
  return meeting.id;
}
