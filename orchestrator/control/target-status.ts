import { RunLog } from '../runlog/run-log.js';
import { describeSchedule, scheduleFor } from '../scheduler/schedule.js';
import { TickSchedule } from '../scheduler/tick-schedule.js';
import type { LoadedSettings } from '../settings/settings.js';
import { pauseState, type PauseInfo } from './pause-state.js';
import { processState } from './process-identity.js';
import { readRunning } from './running-file.js';
import { readSchedulerPresence } from './scheduler-file.js';
import { TargetLock } from './target-lock.js';

/** `itercrew status` for one target. */
export interface TargetStatus {
  target: string;
  /** The configured schedule: `every 15m`, `cron … (UTC)` or `off`. */
  schedule: string;
  /** Why ticks are paused, or null. */
  paused: PauseInfo | null;
  /** The `itercrew start` that last scheduled the target: mode, pid, host, and whether it still runs. */
  scheduler: { mode: 'in-process' | 'bullmq'; pid: number; host: string; state: 'alive' | 'dead' | 'unknown'; since: string } | null;
  /** The next tick (ISO): from Redis in BullMQ mode, else from the schedule while an in-process scheduler runs; null when nothing will tick. */
  nextTick: string | null;
  /** The iteration running now and its phase, or one whose process died (`interrupted`; the next iteration closes it). */
  running: { iterationId: string; kind: string; trigger: string; phase: string; phaseSince: string; startedAt: string; pid: number; host: string; state: 'running' | 'interrupted' } | null;
  /** The last finished iteration. */
  last: { iterationId: string; n: number | null; status: string; reason: string; finishedAt: string | null; pnl: number | null; commit: string | null } | null;
  /** Unreadable lines in the run log. */
  skippedLines: number;
}

/**
 * Gathers a target's status from its control files and run log (and, in BullMQ mode, the next
 * tick its job scheduler holds — pass it as `redisNextTick`).
 */
export async function targetStatus(settings: LoadedSettings, target: string, redisNextTick?: Date | null): Promise<TargetStatus> {
  const runsDir = settings.runsDirAbs;
  const schedule = scheduleFor(settings.schedule, target);
  const [paused, presence, running, lock, fold] = await Promise.all([
    pauseState(runsDir, target),
    readSchedulerPresence(runsDir, target).catch(() => null),
    readRunning(runsDir, target).catch(() => null),
    new TargetLock(runsDir, target).inspect().catch(() => null),
    RunLog.forTarget(runsDir, target).fold(),
  ]);
  const scheduler = presence ? { mode: presence.mode, pid: presence.pid, host: presence.host, state: processState(presence), since: presence.startedAt } : null;
  let nextTick: string | null = null;
  if (redisNextTick !== undefined) nextTick = redisNextTick ? redisNextTick.toISOString() : null;
  else if (schedule && scheduler?.state !== 'dead' && scheduler?.mode === 'in-process') {
    const ticks = new TickSchedule(schedule);
    nextTick = ticks.next(new Date())?.toISOString() ?? null;
    ticks.dispose();
  }
  const holderAlive = lock !== null && lock.state !== 'stale';
  const last = [...fold.iterations].reverse().find((r) => r.complete);
  return {
    target,
    schedule: describeSchedule(schedule),
    paused,
    scheduler,
    nextTick,
    running: running
      ? {
          iterationId: running.iterationId,
          kind: running.kind,
          trigger: running.trigger,
          phase: running.phase,
          phaseSince: running.phaseSince,
          startedAt: running.startedAt,
          pid: running.pid,
          host: running.host,
          state: holderAlive && lock?.holder?.iterationId === running.iterationId ? 'running' : 'interrupted',
        }
      : null,
    last: last
      ? { iterationId: last.iterationId, n: last.n ?? null, status: last.status, reason: last.reason, finishedAt: last.finishedAt ?? null, pnl: last.pnl?.pnl ?? null, commit: last.commit?.sha ?? null }
      : null,
    skippedLines: fold.skipped.length,
  };
}
