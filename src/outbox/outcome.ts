/**
 * What a failed send means for the row: wait and retry (429), give up on the recipient
 * (blocked, chat not found), retry a few times (5xx, network), or fail now (a bad request).
 */
import { GrammyError, HttpError } from "grammy";

export type SendOutcome =
  | { kind: "rate_limited"; retryAfterMs: number; reason: string }
  | { kind: "blocked"; reason: string }
  | { kind: "transient"; reason: string }
  | { kind: "permanent"; reason: string };

/** Classifies an error thrown by a Bot API call. */
export function classifySendError(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return { kind: "rate_limited", retryAfterMs: Math.max(1, seconds) * 1000, reason };
    }
    if (error.error_code === 403) return { kind: "blocked", reason };
    if (
      error.error_code === 400 &&
      /chat not found|user not found|PEER_ID_INVALID|user is deactivated/i.test(error.description)
    ) {
      return { kind: "blocked", reason };
    }
    if (error.error_code >= 500) return { kind: "transient", reason };
    return { kind: "permanent", reason };
  }
  if (error instanceof HttpError) return { kind: "transient", reason: `network: ${error.message}` };
  return { kind: "transient", reason: error instanceof Error ? error.message : String(error) };
}

/** Backoff before retry number `attempt` (1-based): 2 s, 4 s, 8 s… capped at 5 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(1, attempt));
}
