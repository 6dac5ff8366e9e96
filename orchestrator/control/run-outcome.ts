import type { IterationResult } from '../iteration/iteration-result.js';
import type { IterationJobResult } from '../scheduler/bullmq/job-data.js';
import type { LockHolder } from './target-lock.js';
import type { PauseInfo } from './pause-state.js';

/**
 * What became of one tick or kickoff handed to a {@link TargetRunner}:
 * - `ran` — the iteration ran (its result says how it ended);
 * - `already_finished` — the run log already had this iteration id finished (a retried job, a
 *   second scheduler): nothing ran, the recorded result is returned;
 * - `duplicate` — another process is running this very iteration right now;
 * - `skipped` — the target was busy: recorded in the run log as a `skipped` iteration (or noted
 *   for the lock holder to record);
 * - `missed` — too late to start (downtime; no backfill): not run, not recorded;
 * - `paused` — ticks of the target are paused: not run, not recorded;
 * - `failed_to_start` — the conductor could not run it (e.g. the target's definition, repo or
 *   chat server could not be opened): recorded as a `failed` iteration.
 */
export type RunOutcome =
  | { outcome: 'ran' | 'already_finished'; iterationId: string; result: IterationResult }
  | { outcome: 'duplicate'; iterationId: string; holder: LockHolder | null }
  | { outcome: 'skipped' | 'missed' | 'failed_to_start'; iterationId: string; reason: string }
  | { outcome: 'paused'; iterationId: string; pause: PauseInfo };

/** Why an outcome is what it is, for people: the iteration's reason, or why nothing ran. */
export function outcomeReason(o: RunOutcome): string {
  switch (o.outcome) {
    case 'ran':
    case 'already_finished':
      return o.result.reason;
    case 'duplicate':
      return `already running in pid ${o.holder?.pid ?? '?'} on ${o.holder?.host ?? '?'}`;
    case 'paused':
      return `${o.pause.source === 'kill_switch' ? 'the kill switch is on' : 'ticks are paused'} (${o.pause.source} since ${o.pause.since} by ${o.pause.by}${o.pause.reason ? `: ${o.pause.reason}` : ''})`;
    default:
      return o.reason;
  }
}

/** One line for people: `strategy-c-tune-20260224T151500Z ran: applied — …`. */
export function describeOutcome(o: RunOutcome): string {
  const status = o.outcome === 'ran' || o.outcome === 'already_finished' ? `: ${o.result.status}` : '';
  const reason = outcomeReason(o);
  return `${o.iterationId} ${o.outcome.replace(/_/g, ' ')}${status}${reason ? ` — ${reason}` : ''}`;
}

/** A flat, JSON-friendly summary of an outcome (what `--json` prints, with time and target). */
export function outcomeSummary(o: RunOutcome): { outcome: RunOutcome['outcome']; iterationId: string; status: string | null; reason: string; diff: string | null; pnl: number | null; commit: string | null } {
  if (o.outcome === 'ran' || o.outcome === 'already_finished')
    return { outcome: o.outcome, iterationId: o.iterationId, status: o.result.status, reason: o.result.reason, diff: o.result.diff, pnl: o.result.pnl, commit: o.result.commit };
  return { outcome: o.outcome, iterationId: o.iterationId, status: null, reason: outcomeReason(o), diff: null, pnl: null, commit: null };
}

/** The line `itercrew start` prints for a tick outcome: `<time>  <target>  <outcome>` or, with `json`, a JSON object; ends with a newline. */
export function outcomeLine(target: string, o: RunOutcome, json = false): string {
  const time = new Date().toISOString();
  return json ? JSON.stringify({ time, target, ...outcomeSummary(o) }) + '\n' : `${time}  ${target}  ${describeOutcome(o)}\n`;
}

/** The line a worker prints for a finished BullMQ job (its result, or the error that failed it); ends with a newline. */
export function jobLine(target: string, jobId: string | undefined, result: IterationJobResult | null, error?: Error, json = false): string {
  const time = new Date().toISOString();
  if (json) return JSON.stringify({ time, target, job: jobId ?? null, ...(result ?? { outcome: 'job_failed', reason: error?.message ?? 'unknown' }) }) + '\n';
  if (!result) return `${time}  ${target}  job ${jobId ?? '?'} failed: ${error?.message ?? 'unknown'}\n`;
  return `${time}  ${target}  ${result.iterationId} ${result.outcome.replace(/_/g, ' ')}${result.status ? `: ${result.status}` : ''}${result.reason ? ` — ${result.reason}` : ''}\n`;
}
