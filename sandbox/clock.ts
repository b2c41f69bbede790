/**
 * The sandbox's time: the machine's time, moved forward as far as the person asked. The bot
 * process learns it through its test clock seam (today `BotProcess.setClock`, which writes the
 * file the process reads through CLOCK_FILE); the fake Telegram server stamps messages with it.
 * This is the only file that touches that seam, so it is the one place to adapt when it moves.
 */
import type { BotProcess } from "../test/support/bot-process.js";

/** Time moves only forward: a reminder that was sent cannot be unsent. */
export class SandboxClock {
  private offsetMs = 0;
  private bot: BotProcess | undefined;

  /** Milliseconds since the epoch as the sandbox sees it. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** How far ahead of the machine's clock the sandbox is. */
  get aheadMs(): number {
    return this.offsetMs;
  }

  /** Makes this the clock of a bot process (call before it starts, and for each new process). */
  drive(bot: BotProcess): void {
    this.bot = bot;
    bot.setClock(new Date(this.now()));
  }

  /** Moves the sandbox's time forward by `ms`; the bot sees it from its next reading. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError("time moves only forward");
    this.offsetMs += ms;
    this.bot?.setClock(new Date(this.now()));
    return this.now();
  }

  /** Back to the machine's time (a reset makes a new world, which may start from today). */
  rewind(): void {
    this.offsetMs = 0;
  }
}
