/**
 * People: who a Telegram user is to the bot (role, state or organisation, language, time zone),
 * their own settings, and the secretariat's changes to them.
 */
import type { Kysely, Selectable } from "kysely";
import type { PeopleTable, Role } from "../../db/schema/people.js";
import type { Database } from "../../db/schema.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { isValidTimeZone } from "./time-zones.js";

export type Person = Selectable<PeopleTable>;
export type { Role };

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

/** The person behind a Telegram account, if any. Runs on every update (a primary-key read). */
export async function findPersonByTelegramId(
  db: Kysely<Database>,
  telegramId: number,
): Promise<Person | undefined> {
  return db.selectFrom("people").selectAll().where("telegram_id", "=", telegramId).executeTakeFirst();
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
  await db
    .updateTable("people")
    .set({ last_seen_at: now, bot_blocked_at: null })
    .where("id", "=", person.id)
    .execute();
}

export async function setLanguage(
  db: Kysely<Database>,
  personId: number,
  language: string,
  now: number,
): Promise<void> {
  await changeOwnSetting(db, personId, { language }, "person.language", { language }, now);
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
    { document_language: language },
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
  await changeOwnSetting(db, personId, { time_zone: timeZone }, "person.time_zone", { timeZone }, now);
}

/** A person changes one of their own settings; audited in the same transaction. */
async function changeOwnSetting(
  db: Kysely<Database>,
  personId: number,
  change: Partial<Pick<Person, "language" | "document_language" | "time_zone">>,
  action: string,
  details: Record<string, unknown>,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("people").set(change).where("id", "=", personId).execute();
    await audit(trx, { at: now, actorId: personId, action, subject: `person:${personId}`, details });
  });
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
    // Already so (a second tap on the same button): nothing to change, nothing to record.
    if ((person.deactivated_at !== null) === deactivated) return;
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

/** Refuses (`last_secretariat`) unless another active secretariat member than `exceptId` exists. */
export async function assertAnotherSecretariat(trx: Kysely<Database>, exceptId: number): Promise<void> {
  const others = await trx
    .selectFrom("people")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "secretariat")
    .where("deactivated_at", "is", null)
    .where("id", "<>", exceptId)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0) throw new DomainError("last_secretariat");
}

/** Everyone who is or was in the secretariat (deactivated members too). */
export async function secretariatMembers(db: Kysely<Database>): Promise<Person[]> {
  return db.selectFrom("people").selectAll().where("role", "=", "secretariat").execute();
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
