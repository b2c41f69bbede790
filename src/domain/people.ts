/**
 * People: who a Telegram user is to the bot (role, state or organisation, language, time zone),
 * and the secretariat's changes to them.
 */
import type { Kysely, Selectable } from "kysely";
import { compiledOnce } from "../db/compiled-query.js";
import { groupCommitOf } from "../db/group-commit.js";
import type { PeopleTable, Role } from "../db/schema/people.js";
import type { Database } from "../db/schema.js";
import { cachedThrough, NOT_CACHED, readThrough } from "../db/table-versions.js";
import { audit } from "./audit.js";
import { DomainError } from "./errors.js";
import { stateTimeZone } from "./time-zones.js";

export type Person = Selectable<PeopleTable>;
export type { Role };
export { NOT_CACHED };

/** Roles that record a member state's position and answer for its delegation. */
export function actsForState(person: Pick<Person, "role">): boolean {
  return person.role === "coordinator" || person.role === "alternate";
}

export function isSecretariat(person: Pick<Person, "role"> | null | undefined): boolean {
  return person?.role === "secretariat";
}

/** A person is let in only while not deactivated by the secretariat. */
export function isActive(person: Pick<Person, "deactivated_at">): boolean {
  return person.deactivated_at === null;
}

const personByTelegramId = compiledOnce([-1] as [number], (db, telegramId) =>
  db.selectFrom("people").selectAll().where("telegram_id", "=", telegramId),
);

/**
 * The person behind a Telegram account as kept in memory, at once; NOT_CACHED when it must be
 * read (then use `findPersonByTelegramId`). Nearly every update is answered from here.
 */
export function cachedPersonByTelegramId(
  db: Kysely<Database>,
  telegramId: number,
): Person | undefined | typeof NOT_CACHED {
  return cachedThrough<Person | undefined>(db, "person-by-telegram-id", ["people"], String(telegramId));
}

/** The person behind a Telegram account, if any. Runs on every update. */
export async function findPersonByTelegramId(
  db: Kysely<Database>,
  telegramId: number,
): Promise<Person | undefined> {
  return readThrough(
    db,
    "person-by-telegram-id",
    ["people"],
    String(telegramId),
    async () => (await personByTelegramId(db, telegramId)).rows[0],
    // A language or zone change, or the last-seen stamp, makes only that person's copy stale.
    (person) => (person ? { table: "people", id: person.id } : undefined),
  );
}

export async function getPerson(db: Kysely<Database>, id: number): Promise<Person | undefined> {
  return db.selectFrom("people").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Whether `touchPerson` would write: last seen over a minute ago, or marked as having blocked the bot. */
export function needsTouch(person: Person, now: number): boolean {
  return now - person.last_seen_at >= 60_000 || person.bot_blocked_at !== null;
}

/** Marks the person as seen now; also clears a "blocked the bot" mark, since they are writing to it again. */
export async function touchPerson(db: Kysely<Database>, person: Person, now: number): Promise<void> {
  if (!needsTouch(person, now)) return;
  // A small write many updates make at once after a quiet spell: it shares their commit.
  await groupCommitOf(db).run((trx) =>
    trx
      .updateTable("people")
      .set({ last_seen_at: now, bot_blocked_at: null })
      .where("id", "=", person.id)
      .execute(),
  );
}

export async function setLanguage(
  db: Kysely<Database>,
  personId: number,
  language: string,
  now: number,
): Promise<void> {
  await changeOwnSetting(db, personId, "language", language, "person.language", { language }, now);
}

/**
 * The language the person reads official documents in (Russian or English), kept apart from the
 * language of the interface: switching one never changes the other.
 */
export async function setDocumentLanguage(
  db: Kysely<Database>,
  personId: number,
  language: string,
  now: number,
): Promise<void> {
  await changeOwnSetting(
    db,
    personId,
    "document_language",
    language,
    "person.document_language",
    { language },
    now,
  );
}

export async function setTimeZone(
  db: Kysely<Database>,
  personId: number,
  timeZone: string,
  now: number,
): Promise<void> {
  if (!isValidTimeZone(timeZone)) throw new DomainError("invalid_time_zone", { zone: timeZone });
  await changeOwnSetting(db, personId, "time_zone", timeZone, "person.time_zone", { timeZone }, now);
}

type OwnSetting = "language" | "document_language" | "time_zone";

// Every language or zone press writes one of these: compiled once each.
const settingUpdates: Record<
  OwnSetting,
  (db: Kysely<Database>, value: string, id: number) => Promise<unknown>
> = {
  language: compiledOnce(["?value", -1] as [string, number], (db, value, id) =>
    db.updateTable("people").set({ language: value }).where("id", "=", id),
  ),
  document_language: compiledOnce(["?value", -1] as [string, number], (db, value, id) =>
    db.updateTable("people").set({ document_language: value }).where("id", "=", id),
  ),
  time_zone: compiledOnce(["?value", -1] as [string, number], (db, value, id) =>
    db.updateTable("people").set({ time_zone: value }).where("id", "=", id),
  ),
};

/**
 * A person changes one of their own settings; audited in the same transaction. A small write that
 * comes with many others under load (every language or zone press), so it shares their commit
 * (group-commit.ts); the caller goes on once it is on disk, as with a transaction of its own.
 */
async function changeOwnSetting(
  db: Kysely<Database>,
  personId: number,
  setting: OwnSetting,
  value: string,
  action: string,
  details: Record<string, unknown>,
  now: number,
): Promise<void> {
  await groupCommitOf(db).run(async (trx) => {
    await settingUpdates[setting](trx, value, personId);
    await audit(trx, { at: now, actorId: personId, action, subject: `person:${personId}`, details });
  });
}

/** True for IANA names the runtime knows (Asia/Almaty), case as given. */
export function isValidTimeZone(zone: string): boolean {
  return canonicalZones(zone) !== undefined;
}

const knownZones = new Map<string, string>();

/**
 * The canonical name of a valid zone, remembered: asking ICU means building an
 * `Intl.DateTimeFormat`, which measured as a large share of a /timezone answer. Only valid
 * names are kept, and the cache is bounded (case variants of typed names).
 */
function canonicalZones(zone: string): string | undefined {
  const known = knownZones.get(zone);
  if (known) return known;
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone) && zone !== "UTC") return undefined;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  if (knownZones.size >= 2_000) knownZones.clear();
  knownZones.set(zone, canonical);
  return canonical;
}

/** Normalises a typed zone name ("asia/bishkek" → "Asia/Bishkek") or returns undefined. */
export function canonicalTimeZone(input: string): string | undefined {
  return canonicalZones(input.trim());
}

/** The person's own zone, else their state's, else the default. */
export async function effectiveTimeZone(
  db: Kysely<Database>,
  person: Person,
  fallback: string,
): Promise<string> {
  if (person.time_zone) return person.time_zone;
  return stateTimeZone(db, person.state_code, fallback);
}

export interface PersonListing extends Person {
  state_name: string | null;
  org_name: string | null;
}

/** Everyone known to the bot, grouped by state then organisation, for the secretariat. */
export async function listPeople(db: Kysely<Database>, lang: string): Promise<PersonListing[]> {
  const rows = await db
    .selectFrom("people")
    .leftJoin("states", "states.code", "people.state_code")
    .leftJoin("state_names", (j) =>
      j.onRef("state_names.state_code", "=", "people.state_code").on("state_names.lang", "=", lang),
    )
    .leftJoin("organisations", "organisations.code", "people.org_code")
    .leftJoin("organisation_names", (j) =>
      j.onRef("organisation_names.org_code", "=", "people.org_code").on("organisation_names.lang", "=", lang),
    )
    .selectAll("people")
    .select(["state_names.name as state_name", "organisation_names.name as org_name"])
    .orderBy("states.sort_order")
    .orderBy("organisations.sort_order")
    .orderBy("people.role")
    .orderBy("people.name")
    .execute();
  return rows;
}

export interface Affiliation {
  role: Role;
  stateCode: string | null;
  orgCode: string | null;
}

/** Checks that a role goes with the given state or organisation, as the schema requires. */
export function validateAffiliation(a: Affiliation): void {
  const ok =
    (a.role === "secretariat" && !a.stateCode && !a.orgCode) ||
    ((a.role === "coordinator" || a.role === "alternate") && !!a.stateCode && !a.orgCode) ||
    (a.role === "observer" && !!a.stateCode !== !!a.orgCode);
  if (!ok) throw new DomainError("affiliation_mismatch", { role: a.role });
}

/** The secretariat changes someone's role and affiliation; audited. */
export async function changeRole(
  db: Kysely<Database>,
  actor: Person,
  personId: number,
  next: Affiliation,
  now: number,
): Promise<Person> {
  if (!isSecretariat(actor)) throw new DomainError("not_allowed");
  validateAffiliation(next);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("people").selectAll().where("id", "=", personId).executeTakeFirst();
    if (!before) throw new DomainError("person_not_found");
    if (before.role === "secretariat" && next.role !== "secretariat")
      await assertAnotherSecretariat(trx, personId);
    await trx
      .updateTable("people")
      .set({ role: next.role, state_code: next.stateCode, org_code: next.orgCode })
      .where("id", "=", personId)
      .execute();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "person.role",
      subject: `person:${personId}`,
      details: {
        from: { role: before.role, state: before.state_code, org: before.org_code },
        to: { role: next.role, state: next.stateCode, org: next.orgCode },
      },
    });
    return (await trx
      .selectFrom("people")
      .selectAll()
      .where("id", "=", personId)
      .executeTakeFirstOrThrow()) as Person;
  });
}

/** The secretariat turns someone away (or lets them back); audited. */
export async function setDeactivated(
  db: Kysely<Database>,
  actor: Person,
  personId: number,
  deactivated: boolean,
  now: number,
): Promise<void> {
  if (!isSecretariat(actor)) throw new DomainError("not_allowed");
  if (actor.id === personId && deactivated) throw new DomainError("cannot_deactivate_self");
  await db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom("people").selectAll().where("id", "=", personId).executeTakeFirst();
    if (!person) throw new DomainError("person_not_found");
    if (deactivated && person.role === "secretariat") await assertAnotherSecretariat(trx, personId);
    await trx
      .updateTable("people")
      .set({ deactivated_at: deactivated ? now : null })
      .where("id", "=", personId)
      .execute();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: deactivated ? "person.deactivated" : "person.reactivated",
      subject: `person:${personId}`,
    });
  });
}

async function assertAnotherSecretariat(trx: Kysely<Database>, exceptId: number): Promise<void> {
  const others = await trx
    .selectFrom("people")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "secretariat")
    .where("deactivated_at", "is", null)
    .where("id", "<>", exceptId)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0) throw new DomainError("last_secretariat");
}

export async function countActiveSecretariat(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("people")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "secretariat")
    .where("deactivated_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks that Telegram refused delivery (the person blocked the bot or deleted the account). */
export async function markBotBlocked(db: Kysely<Database>, telegramId: number, now: number): Promise<void> {
  await db.updateTable("people").set({ bot_blocked_at: now }).where("telegram_id", "=", telegramId).execute();
}
