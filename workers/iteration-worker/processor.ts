import { UnrecoverableError, type Job } from 'bullmq';
import { outcomeReason, type RunOutcome } from '../../orchestrator/control/run-outcome.js';
import type { TargetRunner } from '../../orchestrator/control/target-runner.js';
import { scheduledIterationId } from '../../orchestrator/runlog/iteration-id.js';
import { parseJobData, tickOfSchedulerJob, type IterationJobResult } from '../../orchestrator/scheduler/bullmq/job-data.js';
import { SchedulerError } from '../../orchestrator/scheduler/errors/index.js';
import type { TickSchedule } from '../../orchestrator/scheduler/tick-schedule.js';

/** What the processor needs for one target. */
export interface TargetJobContext {
  runner: TargetRunner;
  /** The target's schedule (ticks BullMQ skipped are judged against it), or null when `off`. */
  schedule: TickSchedule | null;
}

/** Options of {@link processIterationJob}. */
export interface ProcessIterationJobOptions {
  /** The targets this worker serves, by name. */
  targets: ReadonlyMap<string, TargetJobContext>;
  /** A tick that cannot start within this long (ms) is missed (no backfill). */
  missedAfterMs: number;
}

/**
 * The BullMQ processor of iteration jobs: validates the job data (bad data fails the job at once,
 * without retries: `UnrecoverableError`), then hands a scheduled tick to
 * {@link TargetRunner.runTick} (tick time from the job id) or a kickoff to
 * {@link TargetRunner.runKick} (waiting for the target's lock). The processor's abort signal —
 * `worker.cancelJob`, or shutdown — is the iteration's: the agents are killed, the config
 * restored, the run log closed. Returns an {@link IterationJobResult} (the job's `returnvalue`).
 *
 * @throws UnrecoverableError for invalid data or a target this worker does not serve; the
 *   runner's own errors (lock or run-log failures) fail the job.
 */
export async function processIterationJob(job: Job, signal: AbortSignal | undefined, options: ProcessIterationJobOptions): Promise<IterationJobResult> {
  let data;
  try {
    data = parseJobData(job.id, job.data);
  } catch (err) {
    throw new UnrecoverableError((err as SchedulerError).message);
  }
  const ctx = options.targets.get(data.target);
  if (!ctx) throw new UnrecoverableError(`job ${job.id} is for target ${data.target}, which this worker does not serve`);
  let outcome: RunOutcome;
  if (data.trigger === 'schedule') {
    const tick = tickOfSchedulerJob(job.id) ?? new Date(job.timestamp + (job.opts.delay ?? 0));
    outcome = await ctx.runner.runTick(tick, { signal, missedAfterMs: options.missedAfterMs, schedule: ctx.schedule ?? undefined });
  } else {
    const at = new Date(data.requestedAt);
    const expected = scheduledIterationId(data.target, data.kind, at);
    if (expected !== data.iterationId) throw new UnrecoverableError(`job ${job.id}: iteration id ${data.iterationId} does not match its kickoff time (${expected})`);
    outcome = await ctx.runner.runKick({ kind: data.kind, at, wait: true, signal });
  }
  return toJobResult(outcome);
}

/** The job's return value for an outcome. */
export function toJobResult(o: RunOutcome): IterationJobResult {
  if (o.outcome === 'ran' || o.outcome === 'already_finished') return { outcome: o.outcome, iterationId: o.iterationId, status: o.result.status, reason: o.result.reason, commit: o.result.commit };
  return { outcome: o.outcome, iterationId: o.iterationId, status: null, reason: outcomeReason(o), commit: null };
}
