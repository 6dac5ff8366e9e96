import { pauseTarget, type PauseInfo } from '../../control/pause-state.js';
import type { IterationRecord } from '../../runlog/fold/iteration-record.js';

/**
 * The failed iterations at the end of the log, newest last: finished iterations with status
 * `failed`, counted back from the last one until one that did not fail (skipped iterations — a
 * busy target, a budget cap — neither count nor break the run; aborted ones do not count, a
 * person stopped them).
 */
export function trailingFailures(records: readonly IterationRecord[]): IterationRecord[] {
  const out: IterationRecord[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (!r.complete || r.status === 'skipped') continue;
    if (r.status !== 'failed' || r.reason.startsWith('aborted')) break;
    out.unshift(r);
  }
  return out;
}

/**
 * Pauses the target (source `failures`) when its last `max` iterations all failed, so an
 * unattended target stops burning agents on a broken setup; `itercrew status` shows why and
 * `itercrew resume` lifts it.
 *
 * @returns the pause written, or null when the target keeps running (or was already paused).
 */
export async function pauseAfterFailures(runsDir: string, target: string, records: readonly IterationRecord[], max: number): Promise<PauseInfo | null> {
  const failures = trailingFailures(records);
  if (failures.length < max) return null;
  const last = failures.at(-1)!;
  const reason = `${failures.length} failed iterations in a row (max ${max}); the last, ${last.iterationId}: ${last.reason}`;
  const { info, changed } = await pauseTarget(runsDir, target, reason, { source: 'failures', by: 'itercrew (safety.maxConsecutiveFailures)' });
  return changed ? info : null;
}
