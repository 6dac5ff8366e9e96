import type { Params } from '../../../orchestrator/target/evaluate-protocol.js';
import { randomChange } from '../../../orchestrator/target/space/random-change.js';
import { argmax, describeChanges, fmt, validOrUndefined } from './candidates.js';
import { MIN_IMPROVEMENT, type Heuristic } from './heuristic.js';

/** Random draws in the first round. */
const DRAWS = 48;
/** Draws around the best candidate in the second round. */
const REFINE = 16;

/**
 * Random local search: {@link DRAWS} random valid change sets of one or two parameters (each
 * within maxChange, on the grid, invariants kept; seeded), scored in-sample in one batch; then
 * {@link REFINE} random moves of the same parameters around the best one. Proposes the best
 * change set if it beats the current config by {@link MIN_IMPROVEMENT}, else nothing.
 */
export const randomSearch: Heuristic = async (ctx) => {
  const current = ctx.brief.params;
  const maxParams = Math.min(2, ctx.brief.maxChangedParams);
  const draws: Params[] = [];
  for (let i = 0; i < DRAWS; i++) {
    const count = maxParams >= 2 && ctx.rng() < 0.5 ? 2 : 1;
    const change = randomChange(ctx.space, current, ctx.rng, { params: count, only: ctx.tunable });
    if (change) draws.push(change);
  }
  const [baseline, ...scores] = await ctx.score([current, ...draws.map((d) => ({ ...current, ...d }))]);
  const base = baseline as number;
  const bestIdx = argmax(scores);
  let best = bestIdx >= 0 ? (draws[bestIdx] as Params) : {};
  let bestScore = bestIdx >= 0 ? (scores[bestIdx] as number) : base;

  if (bestIdx >= 0) {
    const around: Params[] = [];
    for (let i = 0; i < REFINE; i++) {
      const step = randomChange(ctx.space, { ...current, ...best }, ctx.rng, { params: 1, only: Object.keys(best) });
      const merged = step ? validOrUndefined(ctx.space, current, { ...best, ...step }) : undefined;
      if (merged) around.push(merged);
    }
    const refined = await ctx.score(around.map((a) => ({ ...current, ...a })));
    const r = argmax(refined);
    if (r >= 0 && (refined[r] as number) > bestScore) {
      best = around[r] as Params;
      bestScore = refined[r] as number;
    }
  }
  const tried = draws.length + REFINE;
  if (bestScore <= base + MIN_IMPROVEMENT) {
    return { changes: {}, inSampleScore: base, baselineScore: base, hypothesis: `random local search: none of ~${tried} random moves beats the current config in-sample (${fmt(base)}); keep it` };
  }
  return {
    changes: best,
    inSampleScore: bestScore,
    baselineScore: base,
    hypothesis: `random local search over ~${tried} seeded moves: ${describeChanges(current, best)} raises the in-sample objective from ${fmt(base)} to ${fmt(bestScore)}`,
  };
};
