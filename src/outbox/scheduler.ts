/**
 * The tick: node-cron wakes the process every second; each tick runs the periodic jobs that are
 * due by the process clock (closing rounds, queuing reminders and digests) and wakes the dispatcher.
 * The database is the record of what is due and what was sent; the tick keeps no state of its own.
 */
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../logger.js";
import type { Clock } from "./clock.js";

export interface PeriodicJob {
  name: string;
  /** Minimum time between two runs, by the process clock. */
  everyMs: number;
  run(now: number): Promise<void>;
}

export class Scheduler {
  private readonly jobs: { job: PeriodicJob; lastRun: number }[] = [];
  private task: ScheduledTask | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onTick: () => void,
  ) {}

  add(job: PeriodicJob): void {
    this.jobs.push({ job, lastRun: Number.NEGATIVE_INFINITY });
  }

  start(): void {
    this.task = cron.schedule("* * * * * *", () => this.tick(), { name: "tick", noOverlap: true });
    void this.tick();
  }

  /** Runs what is due now; overlapping calls share one run. */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.runDue().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async runDue(): Promise<void> {
    const now = this.clock.now();
    for (const entry of this.jobs) {
      if (now - entry.lastRun < entry.job.everyMs && now >= entry.lastRun) continue;
      entry.lastRun = now;
      try {
        await entry.job.run(now);
      } catch (error) {
        this.logger.error(
          { job: entry.job.name, err: String(error) },
          "periodic job failed; it runs again at its next interval. If this repeats, check /healthz and the disk the database is on",
        );
      }
    }
    this.onTick();
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.task?.destroy();
    await this.ticking;
  }
}
