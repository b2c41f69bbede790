/**
 * A coordinator and an alternate answer for the same state. When one of them replaces the
 * other's answer (to a meeting invitation, or a position in a review round), the other is told
 * that their state's answer changed, and by whom, in their own language. The notice goes through
 * the outbox (the one sending budget), keyed so that it is queued once.
 */
import { getPerson, isActive, type Person } from "../../domain/people/people.js";
import { enqueue } from "../../outbox/queue.js";
import type { BotDeps } from "../context.js";
import type { Translate } from "../i18n.js";

export interface ReplacedAnswer {
  /** Who gave the answer that was replaced; nothing is sent when it was the same person or nobody. */
  replacedBy: number | null;
  /** Who gave the new answer. */
  by: Person;
  /** The outbox key: the same replacement is never told twice. */
  key: string;
  /** The notice in the recipient's language. */
  text(t: Translate, lang: string): Promise<string>;
}

export async function tellAnswerReplaced(
  deps: BotDeps,
  replaced: ReplacedAnswer,
  now: number,
): Promise<void> {
  const { replacedBy, by } = replaced;
  if (replacedBy === null || replacedBy === by.id) return;
  const recipient = await getPerson(deps.db, replacedBy);
  // Only someone who still answers for the same state is concerned.
  if (!recipient || !isActive(recipient) || recipient.state_code !== by.state_code) return;
  const lang = recipient.language ?? deps.config.defaultLanguage;
  const t = deps.translations.forLanguage(lang);
  await enqueue(
    deps.db,
    [
      {
        key: replaced.key,
        kind: "answer-replaced",
        personId: recipient.id,
        chatId: recipient.telegram_id,
        content: { type: "text", text: await replaced.text(t, lang), parseMode: "HTML" },
        dueAt: now,
      },
    ],
    now,
  );
  deps.wakeOutbox?.();
}
