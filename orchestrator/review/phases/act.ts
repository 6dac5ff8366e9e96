import { runDeploy } from '../../iteration/deploy.js';
import { IterationStop } from '../../iteration/iteration-errors.js';
import type { ConductorContext, IterationState } from '../../iteration/iteration-state.js';
import { formatParamsDiff } from '../../target/diff/params-diff.js';
import { validateAction } from '../actions/validate-action.js';
import { describeAction, ReviewActionSchema, type ReviewAction } from '../review-actions.js';

/**
 * Review phase 7, act (a review iteration's apply phase): the conductor carries out the decided
 * action. `keep` / `no_action` → `no_change`. `freeze` / `unfreeze` → recorded (`action_taken`;
 * later briefs and proposal checks derive the frozen set from the run log) → `applied`.
 * `revert` → validated again against the config in force, the commit's params written and
 * committed (one commit, trailers naming the iteration and the decider, `Itercrew-Restores`),
 * the deploy command run → `reverted`. An action that no longer holds is recorded as not done and
 * the iteration is `rejected` with the reason; nothing changes.
 */
export async function actPhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const decision = it.decision!;
  const raw = it.options[decision.option]?.action;
  const parsed = raw ? ReviewActionSchema.safeParse(raw) : undefined;
  const action: ReviewAction = parsed?.success ? parsed.data : { kind: 'no_action' };
  const by = { by: decision.by, byName: decision.byName };
  if (action.kind === 'keep' || action.kind === 'no_action') {
    await ctx.runLog.append({ type: 'action_taken', iterationId: it.id, action, ...by, done: true, detail: 'nothing to do: the config and the frozen parameters stay as they are' });
    it.status = 'no_change';
    it.reason = decision.fallback ? decision.rationale : `review: ${decision.byName} chose to keep everything as it is`;
    it.diffText = 'no change';
    await it.clock.end();
    return;
  }
  const valid = await validateAction({ repo: ctx.repo, space: ctx.target.space, current: it.baseParams, frozen: it.stepLimits.frozen }, action);
  if (!valid.ok) {
    await ctx.runLog.append({ type: 'action_taken', iterationId: it.id, action, ...by, done: false, detail: valid.reason });
    await it.clock.end(false);
    throw new IterationStop('rejected', `the decided action (${describeAction(action)}) no longer holds: ${valid.reason}`);
  }
  if (valid.action.kind === 'freeze' || valid.action.kind === 'unfreeze') {
    const detail = `${valid.action.kind === 'freeze' ? 'froze' : 'unfroze'} ${valid.action.param}: ${valid.action.kind === 'freeze' ? 'no later proposal may change it' : 'proposals may change it again'}`;
    await ctx.runLog.append({ type: 'action_taken', iterationId: it.id, action: valid.action, ...by, done: true, detail });
    it.status = 'applied';
    it.reason = `review: ${decision.byName} chose option ${decision.option}; ${detail}`;
    it.diffText = 'no change';
    await it.clock.end();
    return;
  }
  // revert to a commit
  const restored = (valid.action as { commit: string }).commit;
  it.configTouched = true;
  const committed = await ctx.repo.commitParams(valid.restore!.params, {
    subject: `${ctx.target.name} #${it.n} (review): revert to ${restored.slice(0, 7)}`,
    body: [`Decision: option ${decision.option}, decided by ${decision.byName}; proposed by ${it.options[decision.option]?.proposedBy.join(', ') || 'n/a'}.`, `Rationale: ${decision.rationale}`, `Restores the config of ${restored}.`].join('\n'),
    trailers: { iteration: it.id, run: ctx.runId, decidedBy: `${decision.byName} (${decision.by})` },
    extraTrailers: { 'Itercrew-Restores': restored },
  });
  it.commit = committed.sha;
  it.revertCommit = committed.sha;
  it.finalParams = committed.after;
  it.diffText = formatParamsDiff(committed.diff);
  await ctx.runLog.append({ type: 'config_committed', iterationId: it.id, commit: committed.sha, diff: committed.diff, message: committed.message });
  const reason = `review: ${decision.byName} chose option ${decision.option}, ${valid.label}`;
  await ctx.runLog.append({ type: 'config_reverted', iterationId: it.id, commit: committed.sha, by: 'review', restored, diff: committed.diff, reason });
  await ctx.runLog.append({ type: 'action_taken', iterationId: it.id, action: valid.action, ...by, done: true, commit: committed.sha, detail: `restored the config of ${restored.slice(0, 7)} with ${committed.sha.slice(0, 7)}: ${it.diffText}` });
  it.status = 'reverted';
  it.reason = reason;
  const failed = await runDeploy(ctx.target, committed.sha, it.id, it.signal);
  if (failed !== null) it.notes.push(`the deploy of the restored config failed: ${failed}`);
  await it.clock.end();
}
