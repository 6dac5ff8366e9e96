import type { Params } from '../../../orchestrator/target/evaluate-protocol.js';
import { argmax, describeChanges, fmt, stepValues, validOrUndefined } from './candidates.js';
import { MIN_IMPROVEMENT, type Heuristic, type ProposalDraft, type TuningContext } from './heuristic.js';

/** Options of {@link coordinateSearch}. */
export interface CoordinateOptions {
  /** Parameters to search; default every parameter the agent may change. */
  only?: readonly string[];
  /** Grid steps tried in each direction. Default [1, 2]. */
  steps?: readonly number[];
}

/**
 * Coordinate search: every single-parameter move of ±1 and ±2 grid steps (within maxChange and
 * the invariants), scored in-sample in one batch; the best move, then — when the brief allows two
 * changes — the best move combined with the best move of another parameter, kept only if the pair
 * beats the single move. Proposes nothing when no move beats the current config by
 * {@link MIN_IMPROVEMENT}.
 */
export async function coordinateSearch(ctx: TuningContext, options: CoordinateOptions = {}): Promise<ProposalDraft> {
  const current = ctx.brief.params;
  const names = (options.only ?? ctx.tunable).filter((n) => ctx.tunable.includes(n));
  const moves: Params[] = [];
  for (const name of names) {
    for (const value of stepValues(ctx.space, name, current[name], options.steps ?? [1, 2])) {
      const ok = validOrUndefined(ctx.space, current, { [name]: value });
      if (ok) moves.push(ok);
    }
  }
  const [baseline, ...scores] = await ctx.score([current, ...moves.map((m) => ({ ...current, ...m }))]);
  const base = baseline as number;
  const i = argmax(scores);
  if (i < 0 || (scores[i] as number) <= base + MIN_IMPROVEMENT) {
    return { changes: {}, inSampleScore: base, baselineScore: base, hypothesis: `coordinate search: none of ${moves.length} single-parameter moves beats the current config in-sample (${fmt(base)}); keep it` };
  }
  let best = moves[i] as Params;
  let bestScore = scores[i] as number;
  if (ctx.brief.maxChangedParams >= 2) {
    const firstParam = Object.keys(best)[0] as string;
    // Best move of each other parameter that improves on its own.
    let j = -1;
    for (let k = 0; k < moves.length; k++) {
      if (Object.keys(moves[k] as Params)[0] === firstParam || (scores[k] as number) <= base + MIN_IMPROVEMENT) continue;
      if (j < 0 || (scores[k] as number) > (scores[j] as number)) j = k;
    }
    if (j >= 0) {
      const pair = validOrUndefined(ctx.space, current, { ...best, ...(moves[j] as Params) });
      if (pair) {
        const [pairScore] = await ctx.score([{ ...current, ...pair }]);
        if ((pairScore as number) > bestScore + MIN_IMPROVEMENT) {
          best = pair;
          bestScore = pairScore as number;
        }
      }
    }
  }
  return {
    changes: best,
    inSampleScore: bestScore,
    baselineScore: base,
    hypothesis: `coordinate search over ${moves.length} single-parameter moves: ${describeChanges(current, best)} raises the in-sample objective from ${fmt(base)} to ${fmt(bestScore)}`,
  };
}

/** The `coordinate` heuristic. */
export const coordinate: Heuristic = (ctx) => coordinateSearch(ctx);
