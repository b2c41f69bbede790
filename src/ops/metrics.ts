/**
 * The process's Prometheus metrics (prom-client), in one registry of their own: what the bot
 * handled, what it asked of Telegram and how that went, what the outbox holds and sent, the daily
 * backups, and prom-client's default process metrics (memory, CPU, event loop lag, handles).
 *
 * Every name starts with `almaty_bot_`; the README lists them with an alert rule.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const PREFIX = "almaty_bot_";

/** Where an outbox message came from, as the operator thinks of it. */
export type MessageSource = "announcement" | "reminder" | "nudge" | "invitation" | "other";

/** The outbox kind's source: meeting_reminder → reminder, review.nudge → nudge, … */
export function messageSource(kind: string): MessageSource {
  if (kind === "announcement") return "announcement";
  if (kind.includes("reminder")) return "reminder";
  if (kind.includes("nudge")) return "nudge";
  if (kind.includes("invitation")) return "invitation";
  return "other";
}

/** How a Bot API call ended, in a handful of values (the method is its own label). */
export type ApiOutcome = "ok" | "rate_limited" | "client_error" | "server_error" | "network_error";

export interface MetricsSources {
  /** Outbox row counts by status, read when Prometheus scrapes. */
  outboxRowsByStatus(): Promise<Record<string, number>> | Record<string, number>;
  /** What /healthz would answer now, read when Prometheus scrapes. */
  healthy(): boolean;
}

export class BotMetrics {
  readonly registry = new Registry();
  private readonly updates: Counter<"kind">;
  private readonly handlerErrors: Counter;
  private readonly apiCalls: Counter<"method" | "outcome">;
  private readonly apiSeconds: Histogram<"method">;
  private readonly rateLimited: Counter<"method">;
  private readonly outboxMessages: Counter<"source" | "status">;
  private readonly backups: Counter<"outcome">;
  private readonly lastBackup: Gauge;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    // The event-loop delay monitor samples with a timer; at prom-client's default of every 10 ms it
    // kept an idle bot's process awake a hundred times a second. Every 100 ms still shows a stall.
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX, eventLoopMonitoringPrecision: 100 });
    this.updates = new Counter({
      name: `${PREFIX}updates_total`,
      help: "Updates handled, by kind (message, callback_query, …)",
      labelNames: ["kind"],
      registers,
    });
    this.handlerErrors = new Counter({
      name: `${PREFIX}handler_errors_total`,
      help: "Updates whose handling failed with an unexpected error (logged as 'update failed')",
      registers,
    });
    this.apiCalls = new Counter({
      name: `${PREFIX}api_calls_total`,
      help: "Bot API calls by method and outcome (every attempt, retries included)",
      labelNames: ["method", "outcome"],
      registers,
    });
    this.apiSeconds = new Histogram({
      name: `${PREFIX}api_call_seconds`,
      help: "Bot API call latency by method (getUpdates includes its long-poll wait)",
      labelNames: ["method"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.rateLimited = new Counter({
      name: `${PREFIX}api_rate_limited_total`,
      help: "429 Too Many Requests answers from Telegram, by method",
      labelNames: ["method"],
      registers,
    });
    this.outboxMessages = new Counter({
      name: `${PREFIX}outbox_messages_total`,
      help: "Outbox messages settled, by source (announcement, reminder, nudge, invitation, other) and status (sent, blocked, failed, cancelled)",
      labelNames: ["source", "status"],
      registers,
    });
    new Gauge({
      name: `${PREFIX}outbox_rows`,
      help: "Rows in the outbox by status",
      labelNames: ["status"],
      registers,
      async collect() {
        this.reset();
        const counts = await sources.outboxRowsByStatus();
        for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
      },
    });
    new Gauge({
      name: `${PREFIX}healthy`,
      help: "1 when /healthz would answer 200, 0 when it would answer 503",
      registers,
      collect() {
        this.set(sources.healthy() ? 1 : 0);
      },
    });
    this.backups = new Counter({
      name: `${PREFIX}backups_total`,
      help: "Daily backups attempted, by outcome (ok, failed)",
      labelNames: ["outcome"],
      registers,
    });
    this.lastBackup = new Gauge({
      name: `${PREFIX}last_backup_timestamp_seconds`,
      help: "When the last daily backup was written and checked (Unix time; 0: none since start)",
      registers,
    });
  }

  /** An update was handled; `kind` is its field besides update_id. */
  updateHandled(kind: string): void {
    this.updates.inc({ kind });
  }

  handlerFailed(): void {
    this.handlerErrors.inc();
  }

  apiCall(method: string, outcome: ApiOutcome, seconds: number): void {
    this.apiCalls.inc({ method, outcome });
    this.apiSeconds.observe({ method }, seconds);
    if (outcome === "rate_limited") this.rateLimited.inc({ method });
  }

  outboxSettled(kind: string, status: string): void {
    this.outboxMessages.inc({ source: messageSource(kind), status });
  }

  backupDone(ok: boolean, at: number): void {
    this.backups.inc({ outcome: ok ? "ok" : "failed" });
    if (ok) this.lastBackup.set(at / 1000);
  }

  /** The text Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
