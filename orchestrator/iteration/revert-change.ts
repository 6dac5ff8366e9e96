import type { ParamChange } from '../target/diff/params-diff.js';
import type { ConductorContext, IterationState } from './iteration-state.js';

/** The diff that undoes `diff` (old and new swapped). */
export function invertDiff(diff: readonly ParamChange[]): ParamChange[] {
  return diff.map((c) => ({ param: c.param, old: c.new, new: c.old }));
}

/** Trailer naming the commit a revert undoes (crash recovery reads it). */
export const REVERTS_TRAILER = 'Itercrew-Reverts';

/**
 * Undoes the iteration's own config commit with `git revert` (history shows both), records
 * `config_reverted` with `by` and `reason`, and puts the iteration's params back to its base.
 *
 * @returns the revert commit. @throws TargetRepoError when git cannot revert (nothing changed then).
 */
export async function revertIterationChange(ctx: ConductorContext, it: IterationState, by: string, subject: string, reason: string): Promise<string> {
  const commit = it.commit!;
  const undone = await ctx.repo.revert(commit, {
    subject: `Revert ${ctx.target.name} #${it.n}: ${subject}`,
    body: reason,
    trailers: { iteration: it.id, run: ctx.runId, decidedBy: `conductor (${by})` },
    extraTrailers: { [REVERTS_TRAILER]: commit },
  });
  const diff = await ctx.repo.configDiff(commit, undone);
  it.finalParams = it.baseParams;
  it.revertCommit = undone;
  await ctx.runLog.append({ type: 'config_reverted', iterationId: it.id, commit: undone, by, reverted: commit, diff, reason });
  return undone;
}
