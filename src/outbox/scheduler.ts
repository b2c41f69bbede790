/**
 * Runs the periodic jobs with node-cron, each at its cron expression (in its time zone where the
 * hour matters: the daily digest). The database is the record of what is due and what was sent,
 * and every job asks it by the process clock, so a job that runs late or twice does no harm, and
 * each job also runs once at start to catch up after downtime.
 */
import cron, { type ScheduledTask } from "node-cron";
import { describeError, type Logger } from "../logger.js";
import type { Clock } from "./clock.js";

export interface PeriodicJob {
  name: string;
  /** When it runs: a node-cron expression (six fields: seconds first). */
  cron: string;
  /** The IANA zone the expression is read in; the machine's when absent. */
  timeZone?: string;
  run(now: number): Promise<void> | void;
}

export class Scheduler {
  private readonly jobs: PeriodicJob[] = [];
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  add(job: PeriodicJob): void {
    this.jobs.push(job);
  }

  /** Schedules every job, and runs each once now. */
  start(): void {
    for (const job of this.jobs) {
      const task = cron.schedule(job.cron, () => this.run(job), {
        name: job.name,
        noOverlap: true,
        ...(job.timeZone ? { timezone: job.timeZone } : {}),
      });
      this.tasks.push(task);
      void this.run(job);
    }
  }

  /** Runs one job now; its failure is logged, never thrown. */
  run(job: PeriodicJob): Promise<void> {
    const run = (async () => {
      try {
        await job.run(this.clock.now());
      } catch (error) {
        this.logger.error(
          { job: job.name, err: describeError(error) },
          "periodic job failed; it runs again at its next time. If this repeats, check /healthz and the disk the database is on",
        );
      }
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }

  /** Runs every job now (the tests' clock seam, after it moved the time). */
  async runAll(): Promise<void> {
    await Promise.all(this.jobs.map((job) => this.run(job)));
  }

  /** Stops scheduling and waits for the jobs under way. */
  async stop(): Promise<void> {
    for (const task of this.tasks) {
      await task.stop();
      await task.destroy();
    }
    await Promise.all(this.running);
  }
}
