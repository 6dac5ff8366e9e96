import { SchedulerError } from '../errors/index.js';
import { describeSchedule, type Schedule } from '../schedule.js';
import { TickSchedule } from '../tick-schedule.js';
import type { IterationJobData } from './job-data.js';
import { jobSchedulerId, TICK_JOB_NAME } from './queue-names.js';
import type { TargetQueues } from './target-queues.js';

/** One configured target and its schedule (null: `off`). */
export interface WantedSchedule {
  target: string;
  schedule: Schedule | null;
}

/** What {@link reconcileJobSchedulers} did. */
export interface ReconcileReport {
  /** Job schedulers created or updated: target, schedule text, next tick. */
  upserted: Array<{ target: string; schedule: string; next: Date | null }>;
  /** Targets whose job scheduler was removed (no longer configured, or `off`). */
  removed: string[];
}

/**
 * Boot-time reconcile of the BullMQ job schedulers with the settings: a job scheduler per
 * configured target is upserted (`upsertJobScheduler`, idempotent — two `itercrew start` doing
 * it at once end with one scheduler and one next job), and the schedulers of targets that are no
 * longer configured, or are `off`, are removed. `every` schedules start at the next multiple of
 * the interval, so ticks land on the same times as in the in-process scheduler.
 *
 * @throws SchedulerError `job_scheduler_failed` — loud, naming the target — when BullMQ refuses
 *   an upsert or removal (e.g. its job id collision or "slots busy" errors).
 */
export async function reconcileJobSchedulers(queues: TargetQueues, wanted: readonly WantedSchedule[], now: Date = new Date()): Promise<ReconcileReport> {
  const report: ReconcileReport = { upserted: [], removed: [] };
  const configured = new Set(wanted.map((w) => w.target));
  for (const { target, schedule } of wanted) {
    const q = await queues.prepare(target);
    const id = jobSchedulerId(target);
    try {
      if (!schedule) {
        if (await q.removeJobScheduler(id)) report.removed.push(target);
        continue;
      }
      const data: IterationJobData = { v: 1, target, kind: 'tune', trigger: 'schedule' };
      const repeat = 'every' in schedule ? { every: schedule.every, startDate: everyStart(schedule, now) } : { pattern: schedule.cron, tz: schedule.timezone };
      await q.upsertJobScheduler(id, repeat, { name: TICK_JOB_NAME, data, opts: queues.jobOptions() });
      report.upserted.push({ target, schedule: describeSchedule(schedule), next: await queues.nextTick(target) });
    } catch (err) {
      throw new SchedulerError('job_scheduler_failed', `BullMQ job scheduler ${id} of target ${target}: ${(err as Error).message}`, { cause: err });
    }
  }
  for (const target of await queues.registeredTargets()) {
    if (configured.has(target)) continue;
    try {
      if (await queues.queue(target).removeJobScheduler(jobSchedulerId(target))) report.removed.push(target);
      await queues.unregister(target);
    } catch (err) {
      throw new SchedulerError('job_scheduler_failed', `removing the BullMQ job scheduler of target ${target} (no longer configured): ${(err as Error).message}`, { cause: err });
    }
  }
  return report;
}

/** The first tick of an `every` schedule after `now` (a multiple of the interval since the epoch), ms. */
function everyStart(schedule: Schedule, now: Date): number {
  const ticks = new TickSchedule(schedule);
  return (ticks.next(now) as Date).getTime();
}
