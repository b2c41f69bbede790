/**
 * The hooks that feed the metrics and the liveness signal, each installed with one call:
 * - `recordApiCalls`: a grammY API transformer; install it innermost (before auto-retry) on every
 *   client that talks to Telegram, so each attempt is seen, 429s that auto-retry absorbs included:
 *   `bot.api.config.use(recordApiCalls(metrics, liveness), autoRetry(…))`, and on the outbox's client.
 * - `observeUpdates`: a middleware inside the error boundary (after repeated updates are dropped):
 *   counts updates by kind and the errors it sees pass on to the boundary, and marks liveness (the
 *   webhook's signal).
 * - `recordOutboxOutcomes`: a listener for `dispatcher.onSettled`.
 */
import type { Context, MiddlewareFn, Transformer } from "grammy";
import { isDomainError } from "../domain/errors.js";
import type { Liveness } from "./liveness.js";
import type { ApiOutcome, BotMetrics } from "./metrics.js";

function outcomeOf(result: { ok: boolean; error_code?: number }): ApiOutcome {
  if (result.ok) return "ok";
  if (result.error_code === 429) return "rate_limited";
  return (result.error_code ?? 500) >= 500 ? "server_error" : "client_error";
}

/** Records every Bot API call (method, outcome, latency); a successful getUpdates marks liveness. */
export function recordApiCalls(metrics: BotMetrics, liveness?: Liveness): Transformer {
  return async (prev, method, payload, signal) => {
    const started = performance.now();
    try {
      const result = await prev(method, payload, signal);
      const outcome = outcomeOf(result as { ok: boolean; error_code?: number });
      metrics.apiCall(method, outcome, (performance.now() - started) / 1000);
      if (outcome === "ok" && method === "getUpdates") liveness?.reached();
      return result;
    } catch (error) {
      metrics.apiCall(method, "network_error", (performance.now() - started) / 1000);
      throw error;
    }
  };
}

/**
 * Counts each update by kind and each unexpected error on its way to the error boundary (domain
 * refusals are answers, not errors), and marks liveness.
 */
export function observeUpdates<C extends Context>(metrics: BotMetrics, liveness?: Liveness): MiddlewareFn<C> {
  const kindOf = (update: object) => {
    for (const key in update) if (key !== "update_id") return key;
    return "unknown";
  };
  const failed = (error: unknown) => {
    if (!isDomainError(error)) metrics.handlerFailed();
    throw error;
  };
  return (ctx, next) => {
    metrics.updateHandled(kindOf(ctx.update));
    liveness?.reached();
    try {
      return next().catch(failed);
    } catch (error) {
      // A middleware that throws before its first await throws here, not in a promise.
      return failed(error);
    }
  };
}

/** The dispatcher's settled rows, counted by source and status. */
export function recordOutboxOutcomes(metrics: BotMetrics): (row: { kind: string }, status: string) => void {
  return (row, status) => metrics.outboxSettled(row.kind, status);
}
