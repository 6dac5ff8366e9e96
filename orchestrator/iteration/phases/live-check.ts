import { readLiveWindows } from '../../safety/live/measure-command.js';
import { judgeLive } from '../../safety/live/live-regression.js';
import { validateAction } from '../../review/actions/validate-action.js';
import { configKey } from '../../review/review-brief.js';
import { stepLimitsFor } from '../../safety/safety-policy.js';
import type { Params } from '../../target/evaluate-protocol.js';
import { formatParamsDiff } from '../../target/diff/params-diff.js';
import { runDeploy } from '../deploy.js';
import { IterationStop } from '../iteration-errors.js';
import type { ConductorContext, IterationState } from '../iteration-state.js';

/**
 * Phase 0, live (tune iterations of a target with a `measure` command): the regression watch.
 * The measure command reports the bot's live windows with the commit each ran; the config in force
 * is judged once it has run `safety.live.windows` windows (orchestrator/safety/live). A regression
 * against the best known config restores that config (a new commit, trailers, deploy; only when
 * that config still fits the space and invariants and changes no frozen parameter — else the
 * iteration fails with the evidence), records
 * the evidence (`live_checked`, `config_reverted`) and ends the iteration as `reverted`. Too few
 * windows with `holdUntilMeasured` ends it as `skipped` (no new change before the last one is
 * judged). A failing measure command fails the iteration: no change is made blind.
 */
export async function liveCheckPhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const live = ctx.safety.live;
  const measure = ctx.target.measure;
  if (!live || !measure) {
    await it.clock.end();
    return;
  }
  const windows = await readLiveWindows(measure, { repo: ctx.target.repoDir, head: it.baseCommit }, it.signal).catch((err: unknown) => {
    if (it.signal?.aborted) throw err;
    throw new IterationStop('failed', `live regression watch: ${(err as Error).message}`);
  });
  // Commits are known by their config: read each distinct commit's params once.
  const history = await ctx.repo.configHistory(1000);
  const keys = new Map<string, string>();
  for (const commit of new Set([it.baseCommit, ...windows.map((w) => w.commit)])) {
    const full = history.find((c) => c.sha.startsWith(commit))?.sha ?? (it.baseCommit.startsWith(commit) ? it.baseCommit : undefined);
    if (!full) continue;
    let params: Params;
    try {
      params = await ctx.repo.paramsAt(full);
    } catch {
      continue;
    }
    keys.set(commit, configKey(params));
  }
  const verdict = judgeLive(windows, it.baseCommit, (c) => keys.get(c), live);
  await ctx.runLog.append({
    type: 'live_checked',
    iterationId: it.id,
    commit: it.baseCommit,
    windows: verdict.head.pnl.length,
    required: live.windows,
    meanPnl: Number.isFinite(verdict.head.meanPnl) ? verdict.head.meanPnl : null,
    best: verdict.best ? { commit: verdict.best.commit, windows: verdict.best.pnl.length, meanPnl: verdict.best.meanPnl } : null,
    threshold: verdict.threshold,
    regression: verdict.regression,
    reason: verdict.reason,
  });
  if (!verdict.enough) {
    await it.clock.end();
    if (live.holdUntilMeasured) throw new IterationStop('skipped', `waiting for live evidence: ${verdict.reason}`);
    return;
  }
  if (!verdict.regression || !verdict.best) {
    await it.clock.end();
    return;
  }
  const best = history.find((c) => c.sha.startsWith(verdict.best!.commit))?.sha ?? verdict.best.commit;
  // The restored config must hold today: fit the space and invariants, change no frozen
  // parameter and no setting a person changed since. Otherwise nothing is changed blind: the
  // iteration fails with the evidence (and counts toward the self-pause after failures).
  const frozen = stepLimitsFor(ctx.settings, ctx.target, (await ctx.runLog.fold()).iterations).frozen;
  const restore = await validateAction({ repo: ctx.repo, space: ctx.target.space, current: it.baseParams, frozen }, { kind: 'revert', commit: best });
  if (!restore.ok) {
    await it.clock.end(false);
    throw new IterationStop('failed', `${verdict.reason}; the best config cannot be restored automatically: ${restore.reason}`);
  }
  it.configTouched = true;
  const committed = await ctx.repo.commitParams(restore.restore!.params, {
    subject: `${ctx.target.name} #${it.n} (live regression): revert to ${best.slice(0, 7)}`,
    body: verdict.reason,
    trailers: { iteration: it.id, run: ctx.runId, decidedBy: 'conductor (live regression watch)' },
    extraTrailers: { 'Itercrew-Restores': best },
  });
  it.commit = committed.sha;
  it.revertCommit = committed.sha;
  it.finalParams = committed.after;
  it.diffText = formatParamsDiff(committed.diff);
  await ctx.runLog.append({ type: 'config_committed', iterationId: it.id, commit: committed.sha, diff: committed.diff, message: committed.message });
  await ctx.runLog.append({ type: 'config_reverted', iterationId: it.id, commit: committed.sha, by: 'live', restored: best, diff: committed.diff, reason: verdict.reason });
  const failed = await runDeploy(ctx.target, committed.sha, it.id, it.signal);
  await it.clock.end();
  throw new IterationStop('reverted', `${verdict.reason}; config restored to ${best.slice(0, 7)} by ${committed.sha.slice(0, 7)}${failed !== null ? `; the deploy failed: ${failed}` : ''}`);
}
