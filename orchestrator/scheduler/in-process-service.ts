import type { Logger } from 'pino';
import { thisProcess } from '../control/process-identity.js';
import type { RunOutcome } from '../control/run-outcome.js';
import { writeSchedulerPresence } from '../control/scheduler-file.js';
import type { TargetRunner } from '../control/target-runner.js';
import { silentLogger } from '../logging/logger.js';
import type { LoadedSettings } from '../settings/settings.js';
import { InProcessScheduler } from './in-process-scheduler.js';
import { describeSchedule, scheduleFor } from './schedule.js';
import { TickSchedule } from './tick-schedule.js';

/** Options of {@link InProcessService.start}. */
export interface InProcessServiceOptions {
  /** Settings (schedules, `missedAfter`, runs dir). */
  settings: LoadedSettings;
  /** One runner per target; targets whose schedule is `off` are not ticked. */
  runners: readonly TargetRunner[];
  /** Called with every tick's outcome. Default none. */
  onOutcome?: (target: string, tick: Date, outcome: RunOutcome) => void;
  /** Logger. Default silent. */
  logger?: Logger;
}

/**
 * The embedded mode of `itercrew start`: an {@link InProcessScheduler} whose ticks go to the
 * targets' {@link TargetRunner}s (the per-target lock keeps ticks and foreground kicks from
 * overlapping; a tick during a running iteration is recorded as skipped), and
 * `control/scheduler.json` kept up to date for `itercrew status`.
 */
export class InProcessService {
  private readonly abort = new AbortController();
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly options: InProcessServiceOptions,
    private readonly scheduler: InProcessScheduler,
  ) {}

  /** Arms every scheduled target's first tick. */
  static start(options: InProcessServiceOptions): InProcessService {
    const logger = options.logger ?? silentLogger;
    const { settings } = options;
    const startedAt = new Date().toISOString();
    const runners = new Map(options.runners.map((r) => [r.target.name, r]));
    const entries = options.runners.flatMap((r) => {
      const schedule = scheduleFor(settings.schedule, r.target.name);
      return schedule ? [{ target: r.target.name, schedule }] : [];
    });
    const ticks = new Map(entries.map((e) => [e.target, new TickSchedule(e.schedule)]));
    let service: InProcessService | null = null;
    const scheduler = new InProcessScheduler({
      entries,
      logger,
      onArmed: (target, next) => {
        const schedule = describeSchedule(scheduleFor(settings.schedule, target));
        writeSchedulerPresence(settings.runsDirAbs, target, { ...thisProcess(), mode: 'in-process', schedule, nextTick: next?.toISOString() ?? null, startedAt, updatedAt: new Date().toISOString() }).catch(
          (err: unknown) => logger.warn({ err, target }, 'could not write scheduler.json'),
        );
      },
      onTick: async (target, tick) => {
        const outcome = await runners.get(target)!.runTick(tick, { signal: service!.abort.signal, missedAfterMs: settings.schedule.missedAfter, schedule: ticks.get(target) });
        options.onOutcome?.(target, tick, outcome);
      },
    });
    service = new InProcessService(options, scheduler);
    scheduler.start();
    return service;
  }

  /** The next tick of `target`, or null. */
  nextTick(target: string): Date | null {
    return this.scheduler.nextTick(target);
  }

  /**
   * Stops ticking, aborts the running iterations (agents killed, config restored, run log closed)
   * and waits for them, then closes the runners' chat connections.
   */
  stop(reason = 'itercrew start is stopping'): Promise<void> {
    this.stopping ??= (async () => {
      this.abort.abort(reason);
      await this.scheduler.stop();
      await Promise.all(this.options.runners.map((r) => r.close()));
    })();
    return this.stopping;
  }
}
