/**
 * What falls due in review rounds as time passes, checked by the tick: a round closes by itself
 * at its deadline (and the secretariat is told), and the states that have not finished are nudged
 * at the round's lead times. Idempotent: outbox keys make a second run queue nothing new.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { enqueue } from "../../outbox/queue.js";
import { markClosed } from "./lifecycle.js";
import { unfinishedStates } from "./positions.js";
import { nudgeLeads, REVIEW_RENDERERS, reviewers, roundSubject } from "./rounds.js";

/** Closes the open rounds whose deadline has come; queues a notice to the secretariat. Returns their ids. */
export async function closeDueRounds(db: Kysely<Database>, now: number): Promise<number[]> {
  const due = await db
    .selectFrom("review_rounds")
    .selectAll()
    .where("status", "=", "open")
    .where("deadline_at", "<=", now)
    .execute();
  const closed: number[] = [];
  for (const candidate of due) {
    await db.transaction().execute(async (trx) => {
      const round = await trx
        .selectFrom("review_rounds")
        .selectAll()
        .where("id", "=", candidate.id)
        .where("status", "=", "open")
        .executeTakeFirst();
      if (!round) return;
      await markClosed(trx, round, null, "deadline", now);
      const secretariat = await trx
        .selectFrom("people")
        .select(["id", "telegram_id"])
        .where("role", "=", "secretariat")
        .where("deactivated_at", "is", null)
        .execute();
      await enqueue(
        trx,
        secretariat.map((p) => ({
          key: `review:${round.id}:closed:person:${p.id}`,
          kind: "review.closed",
          source: roundSubject(round.id),
          personId: p.id,
          chatId: p.telegram_id,
          content: { type: "render", renderer: REVIEW_RENDERERS.closed, params: { roundId: round.id } },
          dueAt: now,
        })),
        now,
      );
      closed.push(round.id);
    });
  }
  return closed;
}

/**
 * The nudge lead that applies now: the shortest lead whose moment has passed (so a process that
 * was down sends one nudge, not several at once), and never one whose moment came before opening.
 */
export function currentNudgeLead(
  round: {
    deadline_at: number | null;
    deadline_set_at: number | null;
    opened_at: number | null;
    nudge_leads: string;
  },
  now: number,
): number | undefined {
  if (round.deadline_at === null || now >= round.deadline_at) return undefined;
  const deadline = round.deadline_at;
  // A nudge whose moment came before the round opened or before its deadline was last moved
  // would only repeat the invitation or the notice of the new deadline.
  const floor = Math.max(round.opened_at ?? 0, round.deadline_set_at ?? 0);
  const passed = nudgeLeads(round).filter((lead) => now >= deadline - lead && deadline - lead >= floor);
  return passed.length ? Math.min(...passed) : undefined;
}

/**
 * Queues the nudges that have fallen due: to each coordinator and alternate of the states that
 * have not finished, once per person, lead and deadline. Returns how many were newly queued.
 */
export async function queueDueNudges(db: Kysely<Database>, now: number): Promise<number> {
  const rounds = await db
    .selectFrom("review_rounds")
    .selectAll()
    .where("status", "=", "open")
    .where("deadline_at", ">", now)
    .execute();
  let queued = 0;
  for (const round of rounds) {
    const lead = currentNudgeLead(round, now);
    if (lead === undefined || round.deadline_at === null) continue;
    const unfinished = new Set(await unfinishedStates(db, round.id));
    if (unfinished.size === 0) continue;
    const people = (await reviewers(db, round.id)).filter(
      (p) => p.state_code && unfinished.has(p.state_code),
    );
    queued += await enqueue(
      db,
      people.map((p) => ({
        key: `review:${round.id}:nudge:${round.deadline_at}:${lead}:person:${p.id}`,
        kind: "review.nudge",
        source: roundSubject(round.id),
        personId: p.id,
        chatId: p.telegram_id,
        content: {
          type: "render",
          renderer: REVIEW_RENDERERS.nudge,
          params: { roundId: round.id, deadlineAt: round.deadline_at, lead },
        },
        dueAt: now,
        expiresAt: round.deadline_at,
      })),
      now,
    );
  }
  return queued;
}
