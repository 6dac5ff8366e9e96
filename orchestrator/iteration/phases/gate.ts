import { runAcceptanceGate } from '../../safety/acceptance/acceptance-gate.js';
import { seedFromText } from '../../safety/acceptance/statistics.js';
import { diffParams } from '../../target/diff/params-diff.js';
import type { ConductorContext, IterationState } from '../iteration-state.js';
import { runDeploy } from '../deploy.js';
import { revertIterationChange } from '../revert-change.js';

/**
 * Phase 8, gate (after apply, for a committed change): the acceptance gate, guardrails and
 * dead-parameter probe (orchestrator/safety) in one evaluate batch. The decided config is kept only
 * if it beats the config it replaced on the validation windows — windows no agent saw — by more
 * than the noise, and no guardrail vetoes it; otherwise the commit is undone with `git revert`
 * (history shows both), the deploy command runs again for the restored config, and the iteration
 * is `reverted` with the gate's numbers as the reason. Each parameter the probe finds to have no
 * effect is recorded (`parameter_flagged`). Nothing to do when nothing was committed or no check
 * is on.
 */
export async function gatePhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const policy = ctx.safety;
  if (!it.commit || !it.windows || (policy.acceptance.method === 'off' && !policy.probe)) {
    await it.clock.end();
    return;
  }
  const changed = diffParams(it.baseParams, it.finalParams).map((c) => c.param);
  const outcome = await runAcceptanceGate(
    ctx.evaluator,
    {
      current: it.baseParams,
      decided: it.finalParams,
      changed,
      space: ctx.target.space,
      objective: ctx.target.objective,
      ...(it.windows.validation ? { validation: it.windows.validation } : {}),
      inSample: it.windows.inSample,
      acceptance: policy.acceptance,
      guardrails: policy.guardrails,
      probe: policy.probe,
      seed: seedFromText(it.id),
    },
    { signal: it.signal, timeoutMs: ctx.settings.deadlines.measureMs },
  );
  for (const f of outcome.flags) {
    it.flags.push(f);
    await ctx.runLog.append({ type: 'parameter_flagged', iterationId: it.id, param: f.param, flag: 'no_effect', message: f.message, decidedValue: f.decidedValue, metric: f.metric, decidedMetric: f.decidedMetric, probes: f.probes, windows: f.windows });
  }
  if (outcome.flags.length > 0) it.notes.push(outcome.flags.map((f) => `${f.param}: parameter appears to have no effect`).join('; '));
  const a = outcome.acceptance;
  if (a) {
    const v = a.verdict;
    const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : undefined);
    const numbers = v
      ? {
          method: v.method,
          n: v.n,
          meanDiff: finite(v.meanDiff),
          sd: finite(v.sd),
          sdEstimator: v.sdEstimator,
          standardError: finite(v.standardError),
          threshold: finite(v.threshold),
          k: v.k,
          confidence: v.confidence,
          resamples: v.resamples,
          lowerBound: finite(v.lowerBound),
          seed: v.seed,
        }
      : {};
    await ctx.runLog.append({
      type: 'acceptance_checked',
      iterationId: it.id,
      kept: a.kept,
      reason: a.reason,
      ...dropUndefined(numbers),
      ...(a.validation ? { validation: a.validation } : {}),
      ...(a.perWindowDiff ? { perWindowDiff: a.perWindowDiff } : {}),
      ...dropUndefined({ decidedValue: finite(a.decidedValue), currentValue: finite(a.currentValue) }),
      guardrails: a.guardrails,
      ...(a.guardrailWindows ? { guardrailWindows: a.guardrailWindows } : {}),
    });
    it.gateJudged = true;
    if (!a.kept) {
      const decided = it.commit;
      const undone = await revertIterationChange(ctx, it, 'gate', 'discarded by the acceptance gate', a.reason);
      const redeploy = await runDeploy(ctx.target, undone, it.id, it.signal);
      if (redeploy !== null) it.notes.push(`the deploy of the restored config failed: ${redeploy}`);
      it.status = 'reverted';
      it.reason = `${it.reason}; discarded — ${a.reason}; ${decided.slice(0, 7)} reverted by ${undone.slice(0, 7)}`;
    } else it.reason = `${it.reason}; kept — ${a.reason}`;
  }
  await it.clock.end();
}

function dropUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
