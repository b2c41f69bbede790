/**
 * A bot with one person of every role (seeded straight into the database), an open review round,
 * a scheduled meeting and an announcement asking for acknowledgement: the ground for the
 * authorisation, de-duplication and fuzz stories. Also snapshots of the tables a person changes.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import SQLite from "better-sqlite3";
import { openDatabase } from "../../src/db/database.js";
import { sendAnnouncement } from "../../src/domain/announcements/announcements.js";
import { createMeeting } from "../../src/domain/meetings/meetings.js";
import { findPersonByTelegramId } from "../../src/domain/people/people.js";
import { FOUNDING_ROUND_KEY } from "../../src/domain/reviews/import.js";
import { openRound, setDeadline, toggleParticipant } from "../../src/domain/reviews/lifecycle.js";
import { startWorld, type World } from "./scenario.js";
import { seedPeople } from "./seed-people.js";
import type { SimUser } from "./sim-user.js";

/** 09:00 in Almaty on 2 March 2026. */
export const ROLES_T0 = "2026-03-02T04:00:00.000Z";
const DAY = 86_400_000;

export const IDS = {
  secretariat: 100,
  coordinatorKz: 201,
  alternateKz: 202,
  observer: 203,
  coordinatorKg: 204,
  coordinatorTj: 205,
  stranger: 299,
} as const;

export interface RolesWorld {
  world: World;
  secretariat: SimUser;
  coordinator: SimUser;
  alternate: SimUser;
  observer: SimUser;
  coordinatorKg: SimUser;
  stranger: SimUser;
  roundId: number;
  meetingId: number;
  announcementId: number;
}

/** Starts the bot and seeds the people, the open round, the meeting and the announcement. */
export async function rolesWorld(env: Record<string, string> = {}): Promise<RolesWorld> {
  const world = await startWorld({ clock: ROLES_T0, env });
  const now = Date.parse(ROLES_T0);
  seedPeople(
    world.bot.databasePath,
    [
      { telegramId: IDS.secretariat, name: "Saule", role: "secretariat", language: "en" },
      { telegramId: IDS.coordinatorKz, name: "Aigerim", role: "coordinator", state: "KZ", language: "en" },
      { telegramId: IDS.alternateKz, name: "Daniyar", role: "alternate", state: "KZ", language: "en" },
      { telegramId: IDS.observer, name: "Olivia", role: "observer", org: "UNHCR", language: "en" },
      { telegramId: IDS.coordinatorKg, name: "Bakyt", role: "coordinator", state: "KG", language: "en" },
      { telegramId: IDS.coordinatorTj, name: "Firuz", role: "coordinator", state: "TJ", language: "en" },
    ],
    now,
  );
  const user = (id: number, name: string) =>
    world.fake.user({ id, first_name: name, language_code: "en", started: true });
  const secretariat = user(IDS.secretariat, "Saule");
  const coordinator = user(IDS.coordinatorKz, "Aigerim");
  const alternate = user(IDS.alternateKz, "Daniyar");
  const observer = user(IDS.observer, "Olivia");
  const coordinatorKg = user(IDS.coordinatorKg, "Bakyt");
  user(IDS.coordinatorTj, "Firuz");
  const stranger = user(IDS.stranger, "Stranger");

  const { db } = openDatabase(world.bot.databasePath);
  try {
    const author = await findPersonByTelegramId(db, IDS.secretariat);
    if (!author) throw new Error("no secretariat seeded");
    const round = await db
      .selectFrom("review_rounds")
      .select("id")
      .where("source_key", "=", FOUNDING_ROUND_KEY)
      .executeTakeFirstOrThrow();
    // The founding round comes with its own participants: make them exactly Kazakhstan and Kyrgyzstan.
    const current = await db
      .selectFrom("review_participants")
      .select("state_code")
      .where("round_id", "=", round.id)
      .execute();
    const taking = new Set(current.map((p) => p.state_code));
    const states = await db.selectFrom("states").select("code").execute();
    for (const { code } of states) {
      if (taking.has(code) !== ["KZ", "KG"].includes(code))
        await toggleParticipant(db, author, round.id, code, now);
    }
    await setDeadline(db, author, round.id, now + 14 * DAY, now);
    await openRound(db, author, round.id, now);
    const meeting = await createMeeting(
      db,
      author,
      {
        titles: { en: "Meeting of national coordinators", ru: "Совещание национальных координаторов" },
        kind: "coordinators",
        timeZone: "Asia/Almaty",
        startsAt: now + 30 * DAY,
        durationMinutes: 180,
        venue: "Almaty, Hotel Kazakhstan",
        onlineUrl: "https://meet.example.org/ap",
        rsvpDeadlineAt: now + 20 * DAY,
        invitees: [
          { kind: "state", code: "KZ" },
          { kind: "state", code: "KG" },
          { kind: "org", code: "UNHCR" },
        ],
        reminderLeads: [1440],
      },
      now,
    );
    const { announcement } = await sendAnnouncement(
      db,
      author,
      {
        versions: { en: { kind: "text", text: "Please confirm you have read the agenda." } },
        defaultLang: "en",
        audience: { kind: "everyone" },
        ackRequested: true,
      },
      { chatId: IDS.secretariat, messageId: null },
      now,
    );
    // The periodic jobs run now (as if time had passed) and what they queue goes out, so that
    // nothing the tests did not do happens in the middle of them.
    await db.destroy();
    world.bot.setClock(new Date(processNow(world.bot.databasePath)));
    await outboxSettled(world.bot.databasePath);
    return {
      world,
      secretariat,
      coordinator,
      alternate,
      observer,
      coordinatorKg,
      stranger,
      roundId: round.id,
      meetingId: meeting.id,
      announcementId: announcement.id,
    };
  } finally {
    await db.destroy().catch(() => undefined);
  }
}

/**
 * The tables a person's choices change, as they stand (people without `last_seen_at`, which
 * every message refreshes; the outbox without its delivery columns, which the dispatcher moves).
 */
export const CHOICE_TABLES: Record<string, string> = {
  people:
    "SELECT id, telegram_id, name, role, state_code, org_code, language, time_zone, deactivated_at FROM people ORDER BY id",
  invitations: "SELECT * FROM invitations ORDER BY id",
  announcements: "SELECT * FROM announcements ORDER BY id",
  announcement_acks: "SELECT * FROM announcement_acks ORDER BY 1, 2",
  review_rounds: "SELECT * FROM review_rounds ORDER BY id",
  review_participants: "SELECT * FROM review_participants ORDER BY 1, 2",
  review_positions: "SELECT * FROM review_positions ORDER BY 1, 2, 3",
  review_comments: "SELECT * FROM review_comments ORDER BY id",
  review_completions: "SELECT * FROM review_completions ORDER BY 1, 2",
  government_confirmations: "SELECT * FROM government_confirmations ORDER BY 1, 2",
  meetings: "SELECT * FROM meetings ORDER BY id",
  meeting_invitees: "SELECT * FROM meeting_invitees ORDER BY 1, 2, 3",
  rsvps: "SELECT * FROM rsvps ORDER BY 1, 2, 3",
  rsvp_history: "SELECT * FROM rsvp_history ORDER BY id",
  delegation_members: "SELECT * FROM delegation_members ORDER BY 1, 2, 3",
  audit_log: "SELECT * FROM audit_log ORDER BY id",
  outbox_keys: "SELECT idempotency_key, kind, chat_id FROM outbox ORDER BY id",
};

/** Every choice table's rows, for before/after comparisons. */
export function snapshotChoices(databasePath: string): Record<string, unknown[]> {
  const db = new SQLite(databasePath, { readonly: true });
  db.pragma("busy_timeout = 5000");
  try {
    return Object.fromEntries(Object.entries(CHOICE_TABLES).map(([t, sql]) => [t, db.prepare(sql).all()]));
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of the database file ("ok" when sound). */
export function integrityCheck(databasePath: string): string {
  const db = new SQLite(databasePath, { readonly: true });
  try {
    return String(db.pragma("integrity_check", { simple: true }));
  } finally {
    db.close();
  }
}

/** Waits until the outbox has nothing left to send and every announcement has its report. */
/** The bot process's time: its clock file (beside the database) moved on by the time since written. */
export function processNow(databasePath: string): number {
  const clock = join(dirname(databasePath), "clock");
  if (!existsSync(clock)) return Date.now();
  return Date.parse(readFileSync(clock, "utf8").trim()) + (Date.now() - statSync(clock).mtimeMs);
}

export async function outboxSettled(databasePath: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const db = new SQLite(databasePath, { readonly: true });
    let busy: number;
    try {
      const row = db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending') AND due_at <= ?)
                + (SELECT COUNT(*) FROM announcements WHERE status = 'sending') AS n`,
        )
        .get(processNow(databasePath) + 60_000) as { n: number };
      busy = row.n;
    } finally {
      db.close();
    }
    if (busy === 0) return;
    if (Date.now() > deadline) {
      const db2 = new SQLite(databasePath, { readonly: true });
      console.log(
        JSON.stringify(
          db2
            .prepare(
              "SELECT id, kind, status, due_at, chat_id, attempts, last_error FROM outbox WHERE status IN ('pending','sending')",
            )
            .all(),
        ),
        Date.now(),
      );
      console.log(JSON.stringify(db2.prepare("SELECT id, status FROM announcements").all()));
      db2.close();
      throw new Error(`the outbox did not settle: ${busy} rows or announcements open`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
