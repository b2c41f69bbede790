/**
 * The secretariat's changes to a round: the states taking part, the deadline and nudge lead times,
 * opening (which queues the invitations in the same transaction) and closing. Every change is
 * audited in its own transaction; nothing here sends anything itself.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { cancelPending, enqueue } from "../../outbox/queue.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { isSecretariat, type Person } from "../people/people.js";
import {
  countCards,
  isPastDeadline,
  participants,
  REVIEW_RENDERERS,
  type Round,
  requireRound,
  reviewers,
  roundSubject,
} from "./rounds.js";

const HOUR = 3_600_000;

function assertSecretariat(actor: Person): void {
  if (!isSecretariat(actor)) throw new DomainError("not_allowed");
}

function assertStatus(round: Round, ...allowed: Round["status"][]): void {
  if (!allowed.includes(round.status)) throw new DomainError(`review.round_is_${round.status}`);
}

/** Adds or removes a state from a draft round; returns whether it now takes part. */
export async function toggleParticipant(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  stateCode: string,
  now: number,
): Promise<boolean> {
  assertSecretariat(actor);
  return db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    assertStatus(round, "draft");
    const state = await trx
      .selectFrom("states")
      .select("code")
      .where("code", "=", stateCode)
      .executeTakeFirst();
    if (!state) throw new DomainError("button_invalid");
    const existing = await trx
      .deleteFrom("review_participants")
      .where("round_id", "=", roundId)
      .where("state_code", "=", stateCode)
      .executeTakeFirst();
    const removed = Number(existing.numDeletedRows) > 0;
    if (!removed) {
      await trx
        .insertInto("review_participants")
        .values({ round_id: roundId, state_code: stateCode })
        .execute();
    }
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: removed ? "review.participant_removed" : "review.participant_added",
      subject: roundSubject(roundId),
      details: { state: stateCode },
    });
    return !removed;
  });
}

/**
 * Sets the deadline of a draft, or extends that of an open round (only later: a shorter
 * deadline would surprise the states already reviewing). Extending re-plans the nudges and
 * tells the reviewers.
 */
export async function setDeadline(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  deadlineAt: number,
  now: number,
): Promise<Round> {
  assertSecretariat(actor);
  if (deadlineAt <= now) throw new DomainError("review.deadline_in_past");
  return db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    assertStatus(round, "draft", "open");
    if (round.status === "open") {
      if (isPastDeadline(round, now)) throw new DomainError("review.round_is_closed");
      if (round.deadline_at !== null && deadlineAt <= round.deadline_at)
        throw new DomainError("review.deadline_only_later");
    }
    await trx
      .updateTable("review_rounds")
      .set({ deadline_at: deadlineAt, deadline_set_at: now })
      .where("id", "=", roundId)
      .execute();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "review.deadline",
      subject: roundSubject(roundId),
      details: { from: round.deadline_at, to: deadlineAt },
    });
    if (round.status === "open") {
      await cancelPending(trx, { keyPrefix: `review:${roundId}:nudge:` }, "deadline changed", now);
      const people = await reviewers(trx, roundId);
      await enqueue(
        trx,
        people.map((p) => ({
          key: `review:${roundId}:deadline:${deadlineAt}:person:${p.id}`,
          kind: "review.deadline_changed",
          source: roundSubject(roundId),
          personId: p.id,
          chatId: p.telegram_id,
          content: {
            type: "render",
            renderer: REVIEW_RENDERERS.deadlineChanged,
            params: { roundId, deadlineAt },
          },
          dueAt: now,
          expiresAt: deadlineAt,
        })),
        now,
      );
    }
    return requireRound(trx, roundId);
  });
}

/** Sets the nudge lead times of a round that is not closed (each between 1 hour and 60 days). */
export async function setNudgeLeads(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  leadsMs: readonly number[],
  now: number,
): Promise<void> {
  assertSecretariat(actor);
  const leads = [...new Set(leadsMs)].sort((a, b) => b - a);
  if (leads.length > 5 || leads.some((l) => !Number.isInteger(l) || l < HOUR || l > 60 * 24 * HOUR))
    throw new DomainError("review.nudge_leads_invalid");
  await db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    assertStatus(round, "draft", "open");
    await trx
      .updateTable("review_rounds")
      .set({ nudge_leads: JSON.stringify(leads) })
      .where("id", "=", roundId)
      .execute();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "review.nudge_leads",
      subject: roundSubject(roundId),
      details: { leads },
    });
  });
}

/**
 * Opens a draft to its states: it needs a future deadline, at least one state and one card.
 * Queues the invitation to every coordinator and alternate of those states in the same transaction.
 * @returns how many people were invited
 */
export async function openRound(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  now: number,
): Promise<{ invited: number }> {
  assertSecretariat(actor);
  return db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    assertStatus(round, "draft");
    if (round.deadline_at === null) throw new DomainError("review.deadline_missing");
    if (round.deadline_at <= now) throw new DomainError("review.deadline_in_past");
    if ((await participants(trx, roundId)).length === 0) throw new DomainError("review.no_participants");
    if ((await countCards(trx, roundId)) === 0) throw new DomainError("review.no_items");
    await trx
      .updateTable("review_rounds")
      .set({ status: "open", opened_at: now, opened_by: actor.id })
      .where("id", "=", roundId)
      .execute();
    const invited = await queueRoundInvitations(trx, { ...round, status: "open" }, now);
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "review.opened",
      subject: roundSubject(roundId),
      details: { deadlineAt: round.deadline_at, invited },
    });
    return { invited };
  });
}

/**
 * Queues the round's invitation to every current coordinator and alternate of its states. The key
 * is per round and person, so calling it again reaches only people who joined since.
 * @returns how many invitations are new
 */
export async function queueRoundInvitations(
  db: Kysely<Database>,
  round: Pick<Round, "id" | "status" | "deadline_at">,
  now: number,
): Promise<number> {
  if (round.status !== "open" || round.deadline_at === null || round.deadline_at <= now) return 0;
  const people = await reviewers(db, round.id);
  return enqueue(
    db,
    people.map((p) => ({
      key: `review:${round.id}:invitation:person:${p.id}`,
      kind: "review.invitation",
      source: roundSubject(round.id),
      personId: p.id,
      chatId: p.telegram_id,
      content: { type: "render", renderer: REVIEW_RENDERERS.invitation, params: { roundId: round.id } },
      dueAt: now,
      expiresAt: round.deadline_at,
    })),
    now,
  );
}

/** Invites to every open round the reviewers who joined after it opened. */
export async function inviteLateReviewers(db: Kysely<Database>, now: number): Promise<number> {
  const open = await db
    .selectFrom("review_rounds")
    .select(["id", "status", "deadline_at"])
    .where("status", "=", "open")
    .execute();
  let invited = 0;
  for (const round of open) invited += await queueRoundInvitations(db, round, now);
  return invited;
}

/** Closes an open round before its deadline, by the secretariat's decision. */
export async function closeRoundEarly(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  now: number,
): Promise<void> {
  assertSecretariat(actor);
  await db.transaction().execute(async (trx) => {
    const round = await requireRound(trx, roundId);
    assertStatus(round, "open");
    await markClosed(trx, round, actor.id, "early", now);
  });
}

/** Marks a round closed and drops its pending nudges; call inside a transaction. */
export async function markClosed(
  trx: Kysely<Database>,
  round: Round,
  actorId: number | null,
  reason: "deadline" | "early",
  now: number,
): Promise<void> {
  // Closed by itself, the round closed at its deadline even if the process was down then.
  const closedAt = reason === "deadline" ? Math.min(round.deadline_at ?? now, now) : now;
  await trx
    .updateTable("review_rounds")
    .set({ status: "closed", closed_at: closedAt, closed_by: actorId, close_reason: reason })
    .where("id", "=", round.id)
    .where("status", "=", "open")
    .execute();
  for (const what of ["invitation", "nudge", "deadline"]) {
    await cancelPending(trx, { keyPrefix: `review:${round.id}:${what}:` }, "round closed", now);
  }
  await audit(trx, {
    at: now,
    actorId,
    action: "review.closed",
    subject: roundSubject(round.id),
    details: { reason, deadlineAt: round.deadline_at },
  });
}
