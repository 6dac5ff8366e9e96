import { formatParamsDiff } from '../../target/diff/params-diff.js';
import { validateChanges } from '../../target/space/validate-changes.js';
import { IterationStop } from '../iteration-errors.js';
import type { ConductorContext, IterationState } from '../iteration-state.js';
import { runDeploy } from '../deploy.js';
import { revertIterationChange } from '../revert-change.js';

/**
 * Phase 7, apply: "keep current config" → status `no_change`. Otherwise the decided changes are
 * validated again against the space and invariants (`rejected` with the reason if they fail),
 * written atomically into the config file (format kept) and committed — only the config file —
 * with the Itercrew trailers; then the target's optional deploy command runs. A failed deploy
 * reverts the commit (git revert, so history shows both) and fails the iteration.
 */
export async function applyPhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const decision = it.decision!;
  if (decision.option === 0 || Object.keys(decision.changes).length === 0) {
    it.status = 'no_change';
    it.reason = decision.fallback ? decision.rationale : `the leader ${decision.byName} kept the current config`;
    it.diffText = 'no change';
    await it.clock.end();
    return;
  }
  const v = validateChanges(ctx.target.space, it.baseParams, decision.changes);
  if (!v.ok) throw new IterationStop('rejected', `the decided change fails validation: ${v.reason}`);
  const diffText = formatParamsDiff(v.diff);
  const proposal = it.options[decision.option];
  it.configTouched = true;
  const committed = await ctx.repo.commitParams(v.changes, {
    subject: `${ctx.target.name} #${it.n}: ${diffText}`,
    body: [`Decision: option ${decision.option}, decided by ${decision.byName}; proposed by ${proposal?.proposedBy.join(', ') || 'n/a'}.`, `Rationale: ${decision.rationale}`].join('\n'),
    trailers: { iteration: it.id, run: ctx.runId, decidedBy: `${decision.byName} (${decision.by})` },
    extraTrailers: { 'Itercrew-Agents': it.team!.members.map((m) => m.spec.name).join(', ') },
  });
  it.commit = committed.sha;
  it.finalParams = v.params;
  it.diffText = diffText;
  await ctx.runLog.append({ type: 'config_committed', iterationId: it.id, commit: committed.sha, diff: committed.diff, message: committed.message });
  it.status = 'applied';
  it.reason = `${decision.byName} chose option ${decision.option}: ${diffText}`;

  const failed = await runDeploy(ctx.target, committed.sha, it.id, it.signal);
  if (failed !== null) {
    const revert = await revertIterationChange(ctx, it, 'deploy', 'deploy failed', `deploy failed (${failed})`);
    throw new IterationStop('failed', `deploy failed (${failed}); commit ${committed.sha.slice(0, 7)} reverted by ${revert.slice(0, 7)}`);
  }
  await it.clock.end();
}
