import { Cron } from 'croner';
import type { Schedule } from './schedule.js';

/**
 * The tick times of a {@link Schedule}. Pure time arithmetic — no timers: `every` ticks are the
 * multiples of the interval since the Unix epoch; cron ticks come from croner's `nextRun`
 * (pattern, time zone, DST). Both the in-process scheduler and the BullMQ worker (to name the
 * ticks between two jobs) use it, so the two modes agree on which ticks exist.
 */
export class TickSchedule {
  private readonly cron: Cron | null;

  constructor(readonly schedule: Schedule) {
    this.cron = 'cron' in schedule ? new Cron(schedule.cron, { paused: true, timezone: schedule.timezone }) : null;
  }

  /** The first tick strictly after `after`, or null if the pattern never fires again. */
  next(after: Date): Date | null {
    if (this.cron) return this.cron.nextRun(after);
    const every = (this.schedule as { every: number }).every;
    return new Date((Math.floor(after.getTime() / every) + 1) * every);
  }

  /**
   * The ticks strictly between `from` and `to`, oldest first, at most `limit` of them (the
   * newest are dropped past the limit).
   */
  between(from: Date, to: Date, limit = 1_000): Date[] {
    const out: Date[] = [];
    for (let t = this.next(from); t && t < to && out.length < limit; t = this.next(t)) out.push(t);
    return out;
  }

  /** The last tick at or before `at`, or null (none within a year back for cron patterns). */
  previous(at: Date): Date | null {
    if (!this.cron) {
      const every = (this.schedule as { every: number }).every;
      return new Date(Math.floor(at.getTime() / every) * every);
    }
    const runs = this.cron.previousRuns(1, new Date(at.getTime() + 1));
    return runs[0] ?? null;
  }

  /** Releases croner's pattern object (no timers run; this only marks it stopped). */
  dispose(): void {
    this.cron?.stop();
  }
}
