import type { ParamValue, Params } from '../../../orchestrator/target/evaluate-protocol.js';
import { gridPosition, gridValue, maxGridIndex, snapToGrid } from '../../../orchestrator/target/space/grid.js';
import type { ParamSpace } from '../../../orchestrator/target/space/param-space.js';
import { validateChanges } from '../../../orchestrator/target/space/validate-changes.js';

/**
 * Values of one parameter `steps` grid steps away from `current` (for each s in `steps`, both
 * directions), inside bounds and within maxChange; enum/bool: the other values.
 */
export function stepValues(space: ParamSpace, name: string, current: ParamValue | undefined, steps: readonly number[]): ParamValue[] {
  const spec = space.params[name];
  if (!spec) return [];
  if (spec.type === 'bool') return [!(current === true)];
  if (spec.type === 'enum') return spec.values.filter((v) => v !== current);
  const from = typeof current === 'number' ? current : spec.min;
  const k0 = Math.round(gridPosition(spec, snapToGrid(spec, from)));
  const out: number[] = [];
  for (const s of steps) {
    for (const k of [k0 - s, k0 + s]) {
      if (k < 0 || k > maxGridIndex(spec)) continue;
      const v = gridValue(spec, k);
      if (v === current) continue;
      if (spec.maxChange !== undefined && Math.abs(v - from) > spec.maxChange * (1 + 1e-9) + 1e-12) continue;
      if (!out.includes(v)) out.push(v);
    }
  }
  return out;
}

/** `changes` if they pass the target's validation against `current` (bounds, grid, maxChange, invariants), else undefined. */
export function validOrUndefined(space: ParamSpace, current: Params, changes: Params): Params | undefined {
  const v = validateChanges(space, current, changes);
  return v.ok ? v.changes : undefined;
}

/** The index of the largest score (first on ties), or -1 for an empty list. */
export function argmax(scores: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < scores.length; i++) if (best < 0 || (scores[i] as number) > (scores[best] as number)) best = i;
  return best;
}

/** `a → b` text of a change set against current params. */
export function describeChanges(current: Params, changes: Params): string {
  const parts = Object.entries(changes).map(([k, v]) => `${k} ${String(current[k])} → ${String(v)}`);
  return parts.length ? parts.join(', ') : 'no change';
}

/** Formats a score for hypotheses. */
export function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : String(x);
}
