import type { IterationKind, IterationTrigger } from '../runlog/events/iteration-events.js';
import type { RunLog } from '../runlog/run-log.js';
import { readParams } from '../target/config-file/config-file.js';
import type { Target } from '../target/definition/target.js';
import type { Params } from '../target/evaluate-protocol.js';
import { TargetRepo } from '../target/git/target-repo.js';

/** An iteration that is recorded without being run: a skipped tick, or a request the conductor refused. */
export interface UnrunIteration {
  iterationId: string;
  kind: IterationKind;
  trigger: IterationTrigger;
  /** The run (process or job) recording it. */
  runId: string;
  /** `skipped` (a tick that came while the target was busy) or `failed` (could not start). */
  status: 'skipped' | 'failed';
  /** Why, for people. */
  reason: string;
}

/**
 * Appends an iteration that never ran to the run log — `iteration_started` (the config and HEAD
 * as they are now) then `iteration_finished` with `status` and `reason` — so that every tick and
 * every kickoff is accounted for. The caller must hold the target's lock (the number `n` is the
 * log's next). Idempotent: nothing is written when the log already mentions `iterationId`.
 *
 * @returns true if it was written, false if the log already had the iteration.
 */
export async function recordUnrunIteration(runLog: RunLog, target: Target, it: UnrunIteration): Promise<boolean> {
  const { events } = await runLog.read();
  if (events.some((e) => e.iterationId === it.iterationId)) return false;
  let n = 0;
  for (const e of events) if (e.type === 'iteration_started' && e.n > n) n = e.n;
  let params: Params = {};
  let baseCommit: string | null = null;
  try {
    params = await readParams(target.configPath, target.paramsKeys);
    baseCommit = await TargetRepo.forTarget(target).headSha();
  } catch {
    // a target whose repo is not there yet: the record says so by having no params and no commit
  }
  await runLog.append({ type: 'iteration_started', iterationId: it.iterationId, n: n + 1, kind: it.kind, trigger: it.trigger, runId: it.runId, params, baseCommit });
  await runLog.append({ type: 'iteration_finished', iterationId: it.iterationId, status: it.status, reason: it.reason, durationMs: 0 });
  return true;
}
