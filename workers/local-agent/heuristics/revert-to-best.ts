import type { Params } from '../../../orchestrator/target/evaluate-protocol.js';
import { formatNumber, snapToGrid } from '../../../orchestrator/target/space/grid.js';
import type { BriefHistoryEntry } from '../../../orchestrator/iteration/room-messages.js';
import { coordinateSearch } from './coordinate.js';
import { describeChanges, fmt, validOrUndefined } from './candidates.js';
import type { Heuristic, TuningContext } from './heuristic.js';

/** How much worse in-sample (objective units) a holdout-backed revert may look and still be proposed. */
const REVERT_TOLERANCE = 0.05;

/**
 * Revert-to-best: trusts the walk-forward record over in-sample fit.
 * 1. If the last applied change earned less on its holdout segment than the config it replaced
 *    (pnl < baselinePnl), propose undoing it.
 * 2. Else, if the best config in the history (highest holdout PnL) differs from the current one,
 *    propose moving up to `maxChangedParams` of its parameters back toward it (within maxChange).
 * Either is proposed when it is not worse in-sample by more than {@link REVERT_TOLERANCE};
 * otherwise (or with no usable history) it falls back to coordinate search over a seeded random
 * third of the parameters, so the three default tuners explore differently.
 */
export const revertToBest: Heuristic = async (ctx) => {
  const current = ctx.brief.params;
  for (const [label, target] of revertCandidates(ctx)) {
    const changes = towards(ctx, current, target);
    if (!changes) continue;
    const [base, score] = (await ctx.score([current, { ...current, ...changes }])) as [number, number];
    if (score >= base - REVERT_TOLERANCE) {
      return {
        changes,
        inSampleScore: score,
        baselineScore: base,
        hypothesis: `revert-to-best: ${label}; ${describeChanges(current, changes)} (in-sample ${fmt(base)} → ${fmt(score)})`,
      };
    }
  }
  const subset = ctx.tunable.filter(() => ctx.rng() < 0.34);
  const draft = await coordinateSearch(ctx, { only: subset.length > 0 ? subset : ctx.tunable });
  return { ...draft, hypothesis: `revert-to-best: nothing to revert; ${draft.hypothesis}` };
};

/** Configs worth returning to, best reason first. */
function revertCandidates(ctx: TuningContext): Array<[string, Params]> {
  const out: Array<[string, Params]> = [];
  const measured = ctx.brief.history.filter((h): h is BriefHistoryEntry & { params: Params; pnl: number } => h.params != null && h.pnl !== null);
  const lastApplied = [...ctx.brief.history].reverse().find((h) => h.status === 'applied');
  if (lastApplied && lastApplied.pnl !== null && lastApplied.baselinePnl != null && lastApplied.pnl < lastApplied.baselinePnl) {
    const before = [...ctx.brief.history].reverse().find((h) => h.n < lastApplied.n && h.params != null);
    if (before?.params) out.push([`iteration ${lastApplied.n} (${lastApplied.diff}) earned ${formatNumber(lastApplied.pnl)} on its holdout vs ${formatNumber(lastApplied.baselinePnl)} for the config it replaced`, before.params]);
  }
  if (measured.length > 0) {
    const best = measured.reduce((a, b) => (b.pnl > a.pnl ? b : a));
    out.push([`iteration ${best.n} had the best holdout PnL in the history (${formatNumber(best.pnl)})`, best.params]);
  }
  return out;
}

/** Moves up to maxChangedParams parameters of `current` toward `target` (largest relative gaps first), clamped to maxChange; undefined if nothing valid differs. */
function towards(ctx: TuningContext, current: Params, target: Params): Params | undefined {
  const gaps: Array<[string, number]> = [];
  for (const name of ctx.tunable) {
    const spec = ctx.space.params[name];
    const a = current[name];
    const b = target[name];
    if (!spec || b === undefined || a === b) continue;
    if (spec.type === 'float' || spec.type === 'int') {
      if (typeof a !== 'number' || typeof b !== 'number') continue;
      gaps.push([name, Math.abs(b - a) / (spec.max - spec.min)]);
    } else gaps.push([name, 1]);
  }
  gaps.sort((x, y) => y[1] - x[1]);
  const changes: Params = {};
  for (const [name] of gaps.slice(0, ctx.brief.maxChangedParams)) {
    const spec = ctx.space.params[name];
    const a = current[name];
    const b = target[name] as Params[string];
    if (spec && (spec.type === 'float' || spec.type === 'int') && typeof a === 'number' && typeof b === 'number') {
      const limit = spec.maxChange ?? Infinity;
      const moved = Math.abs(b - a) <= limit ? b : a + Math.sign(b - a) * limit;
      changes[name] = snapToGrid(spec, moved);
    } else changes[name] = b;
  }
  return Object.keys(changes).length > 0 ? validOrUndefined(ctx.space, current, changes) : undefined;
}
