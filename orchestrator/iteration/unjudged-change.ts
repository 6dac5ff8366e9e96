import type { ConductorContext, IterationState } from './iteration-state.js';
import type { IterationRecord } from '../runlog/fold/iteration-record.js';
import { revertIterationChange, REVERTS_TRAILER } from './revert-change.js';

/**
 * On a failure or abort after the apply phase committed a change but before the acceptance gate
 * judged it: with the gate on, the unjudged change is undone (`git revert`, `config_reverted` by
 * `gate`) — an unattended target never keeps a change nobody validated. The iteration keeps its
 * failed status; the revert is noted in its reason. Never throws (a revert problem is noted).
 */
export async function undoUnjudgedChange(ctx: ConductorContext, it: IterationState): Promise<void> {
  if (it.kind !== 'tune' || !it.commit || it.revertCommit !== null || ctx.safety.acceptance.method === 'off' || it.gateJudged) return;
  try {
    const undone = await revertIterationChange(ctx, it, 'gate', 'not judged by the acceptance gate', `the iteration ended before the acceptance gate judged ${it.commit.slice(0, 7)} (${it.reason})`);
    it.notes.push(`the unjudged change ${it.commit.slice(0, 7)} was reverted by ${undone.slice(0, 7)}`);
  } catch (err) {
    it.notes.push(`could not revert the unjudged change ${it.commit.slice(0, 7)}: ${(err as Error).message}`);
  }
}

/**
 * Crash recovery of a tune iteration that died after committing (called by the lock holder for
 * an incomplete record whose commit `commit` — the newest with its Itercrew-Iteration trailer —
 * exists): a revert that was already committed makes it `reverted`; with the gate on, a change the
 * gate had not kept (no verdict, or a verdict that discarded it) is reverted now (`git revert`,
 * `config_reverted` by `gate`) → `reverted`. Otherwise null (the caller records `applied`).
 */
export async function settleInterruptedChange(ctx: ConductorContext, record: IterationRecord, commit: string): Promise<{ status: 'reverted'; reason: string } | null> {
  const trailers = await ctx.repo.readTrailers(commit).catch(() => ({}) as Record<string, string>);
  if (trailers[REVERTS_TRAILER] || trailers['Itercrew-Restores']) return { status: 'reverted', reason: `its revert ${commit.slice(0, 7)} was committed` };
  if (record.kind !== 'tune' || ctx.safety.acceptance.method === 'off' || record.acceptance?.kept === true) return null;
  const why = record.acceptance ? `the acceptance gate had discarded it (${record.acceptance.reason})` : 'the acceptance gate had not judged it';
  const undone = await ctx.repo.revert(commit, {
    subject: `Revert ${ctx.target.name} #${record.n ?? '?'}: not kept by the acceptance gate (interrupted)`,
    body: why,
    trailers: { iteration: record.iterationId, run: ctx.runId, decidedBy: 'conductor (gate, crash recovery)' },
    extraTrailers: { [REVERTS_TRAILER]: commit },
  });
  await ctx.runLog.append({ type: 'config_reverted', iterationId: record.iterationId, commit: undone, by: 'gate', reverted: commit, diff: await ctx.repo.configDiff(commit, undone), reason: `${why}; reverted during crash recovery` });
  return { status: 'reverted', reason: `${why}, so it was reverted by ${undone.slice(0, 7)}` };
}
