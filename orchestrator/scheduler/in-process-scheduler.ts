import type { Logger } from 'pino';
import { silentLogger } from '../logging/logger.js';
import type { Schedule } from './schedule.js';
import { TickSchedule } from './tick-schedule.js';

/** Options of {@link InProcessScheduler}. */
export interface InProcessSchedulerOptions {
  /** The targets to tick and their schedules. */
  entries: ReadonlyArray<{ target: string; schedule: Schedule }>;
  /**
   * Called at every tick with the tick time (the schedule's, not the timer's). Not awaited before
   * the next tick is armed: a tick that comes while the previous one's iteration still runs is
   * the handler's to judge (the target runner records it as skipped). Errors are logged.
   */
  onTick: (target: string, tick: Date) => Promise<unknown> | unknown;
  /** Called after each tick fires with the next tick (null: never again). Default none. */
  onArmed?: (target: string, next: Date | null) => void;
  /** Longest single timer wait (ms); the clock is re-read after each, so a clock change or a suspend is noticed. Default 60 000. */
  maxTimerMs?: number;
  /** Logger. Default silent. */
  logger?: Logger;
}

interface Entry {
  target: string;
  ticks: TickSchedule;
  next: Date | null;
  timer: NodeJS.Timeout | null;
}

/**
 * The embedded scheduler of `itercrew start`: a timer per target that fires at each tick of its
 * schedule ({@link TickSchedule}: `every` aligned to the epoch, or a cron pattern through croner).
 * There is no backfill: on start, and after a late wake-up (suspend, a blocked event loop), only
 * the next tick after now is armed — at most the one tick whose time has just passed fires.
 * Everything about overlap (the previous iteration still running) is decided by the tick handler.
 */
export class InProcessScheduler {
  private readonly entries: Entry[];
  private readonly maxTimerMs: number;
  private readonly logger: Logger;
  private readonly inFlight = new Set<Promise<unknown>>();
  private running = false;

  constructor(private readonly options: InProcessSchedulerOptions) {
    this.entries = options.entries.map((e) => ({ target: e.target, ticks: new TickSchedule(e.schedule), next: null, timer: null }));
    this.maxTimerMs = options.maxTimerMs ?? 60_000;
    this.logger = options.logger ?? silentLogger;
  }

  /** Arms every target's first tick (the first tick strictly after now). */
  start(): void {
    if (this.running) return;
    this.running = true;
    const now = new Date();
    for (const e of this.entries) {
      e.next = e.ticks.next(now);
      this.options.onArmed?.(e.target, e.next);
      this.arm(e);
    }
  }

  /** The next tick of `target`, or null (unknown target, stopped, or a pattern that never fires again). */
  nextTick(target: string): Date | null {
    return this.entries.find((e) => e.target === target)?.next ?? null;
  }

  /**
   * Stops all timers. Tick handlers already running are not cancelled (abort their iterations
   * through the runner); the returned promise settles when they have settled.
   */
  async stop(): Promise<void> {
    this.running = false;
    for (const e of this.entries) {
      if (e.timer) clearTimeout(e.timer);
      e.timer = null;
      e.ticks.dispose();
    }
    await Promise.allSettled([...this.inFlight]);
  }

  private arm(e: Entry): void {
    if (!this.running || !e.next) return;
    const wait = Math.max(0, Math.min(e.next.getTime() - Date.now(), this.maxTimerMs));
    e.timer = setTimeout(() => this.wake(e), wait);
  }

  private wake(e: Entry): void {
    e.timer = null;
    if (!this.running || !e.next) return;
    const now = Date.now();
    if (now < e.next.getTime()) return this.arm(e); // a long wait in steps, or a timer that fired early
    const tick = e.next;
    // No backfill: the next tick is the first after now, whatever was passed while asleep.
    e.next = e.ticks.next(new Date(Math.max(now, tick.getTime())));
    this.options.onArmed?.(e.target, e.next);
    this.arm(e);
    this.fire(e.target, tick);
  }

  private fire(target: string, tick: Date): void {
    const p = Promise.resolve()
      .then(() => this.options.onTick(target, tick))
      .catch((err: unknown) => this.logger.error({ err, target, tick: tick.toISOString() }, 'tick handler failed'))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }
}
