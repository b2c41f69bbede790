/**
 * Telegram's sending limits, kept on our side: at most N sends in any one-second window overall,
 * and a minimum gap between two sends to the same chat. A 429 pauses everything.
 */

export interface LimiterOptions {
  perSecond: number;
  chatIntervalMs: number;
  /** Added to the window so that arrival jitter never makes N+1 land in one second at Telegram (default 20 ms). */
  safetyMs?: number;
}

/** How much of a late timer the next send may make up. */
const MAX_CATCH_UP_MS = 3;

export class SendLimiter {
  private readonly starts: number[] = [];
  private readonly lastByChat = new Map<number, number>();
  private pausedUntil = 0;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: LimiterOptions) {}

  private get safety(): number {
    return this.options.safetyMs ?? 20;
  }

  /** Milliseconds to wait before the next send may start (0 when it may start now). */
  waitMs(now: number): number {
    const newest = this.starts[this.starts.length - 1];
    if (newest !== undefined && newest > now) {
      // the clock was set back
      this.starts.length = 0;
      this.lastStart = Number.NEGATIVE_INFINITY;
    }
    if (this.pausedUntil - now > 3_600_000) this.pausedUntil = 0;
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (!Number.isFinite(this.options.perSecond)) return 0;
    const safety = this.safety;
    // Evenly spaced starts: a burst after a pause would meet the late arrivals of the previous second.
    const gap = (1000 + safety) / this.options.perSecond - (now - this.lastStart);
    const window = 1000 + safety;
    while (this.starts.length && (this.starts[0] ?? 0) <= now - window) this.starts.shift();
    const windowWait =
      this.starts.length < this.options.perSecond ? 0 : (this.starts[0] ?? now) + window - now;
    return Math.max(0, gap, windowWait);
  }

  /** Records that a send to `chatId` starts now. */
  record(now: number, chatId: number): void {
    if (Number.isFinite(this.options.perSecond)) this.starts.push(now);
    // Count from the slot this send was due in when the timer fired a little late, so that timer
    // overshoot does not add up to a lower rate; never by more than a few ms, so sends do not bunch.
    const gap = Number.isFinite(this.options.perSecond) ? (1000 + this.safety) / this.options.perSecond : 0;
    this.lastStart = Math.max(this.lastStart + gap, now - MAX_CATCH_UP_MS);
    this.lastByChat.set(chatId, now);
  }

  /** Chats that must not get another message yet. */
  busyChats(now: number): number[] {
    const busy: number[] = [];
    for (const [chat, at] of this.lastByChat) {
      if (now - at < this.options.chatIntervalMs) busy.push(chat);
      else this.lastByChat.delete(chat);
    }
    return busy;
  }

  /** A 429: nobody sends until then. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  get paused(): number {
    return this.pausedUntil;
  }
}
