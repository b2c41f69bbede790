/**
 * Whether updates still reach the bot: the last time a getUpdates call succeeded (polling) or an
 * update arrived (webhook, or polling with updates). Read by /healthz. Real time, not the process
 * clock: this is about the process and the network, not about what is due.
 */
export class Liveness {
  private last: number;

  /** Counts from `startedAt`, so a bot that never got through is stale after the threshold. */
  constructor(
    private readonly now: () => number = Date.now,
    startedAt = now(),
  ) {
    this.last = startedAt;
    this.everReached = false;
  }

  /** Whether any getUpdates succeeded or any update arrived since the start. */
  everReached: boolean;

  /** Telegram answered a getUpdates, or an update arrived. */
  reached(): void {
    this.last = this.now();
    this.everReached = true;
  }

  /** Seconds since updates last reached the bot (or since the start, when they never did). */
  secondsSince(): number {
    return Math.max(0, (this.now() - this.last) / 1000);
  }
}
