import type { ParamValue, Params } from '../evaluate-protocol.js';
import type { ParamSpace } from './param-space.js';
import { tunableParams } from './param-space.js';
import type { ParamSpec } from './param-spec.js';
import { gridPosition, gridValue, maxGridIndex, snapToGrid } from './grid.js';
import { randomInt, type Rng } from './prng.js';
import { validateChanges } from './validate-changes.js';

/** Options of {@link randomChange}. */
export interface RandomChangeOptions {
  /** How many parameters to change at once. Default 1. */
  params?: number;
  /** Restrict the choice to these parameters (must be tunable). Default: every tunable parameter. */
  only?: readonly string[];
  /** Draws before giving up when invariants keep failing. Default 100. */
  maxAttempts?: number;
}

/** A random new value for one parameter: on the grid, within maxChange of `current`, in bounds, ≠ current; undefined if none exists. */
function randomValue(spec: ParamSpec, current: ParamValue | undefined, rng: Rng): ParamValue | undefined {
  switch (spec.type) {
    case 'bool':
      return !(current === true);
    case 'enum': {
      const others = spec.values.filter((v) => v !== current);
      return others.length === 0 ? undefined : others[randomInt(rng, 0, others.length - 1)];
    }
    case 'float':
    case 'int': {
      const from = typeof current === 'number' && Number.isFinite(current) ? current : gridValue(spec, 0);
      const k0 = Math.round(gridPosition(spec, snapToGrid(spec, from)));
      const reach = spec.maxChange === undefined ? maxGridIndex(spec) : Math.floor(spec.maxChange / spec.step + 1e-9);
      const candidates: number[] = [];
      for (let k = Math.max(0, k0 - reach); k <= Math.min(maxGridIndex(spec), k0 + reach); k++) {
        const v = gridValue(spec, k);
        if (v !== current && Math.abs(v - from) <= (spec.maxChange ?? Infinity) * (1 + 1e-9) + 1e-12) candidates.push(v);
      }
      return candidates.length === 0 ? undefined : candidates[randomInt(rng, 0, candidates.length - 1)];
    }
  }
}

/**
 * A random valid change set: `params` distinct tunable parameters, each moved to a random grid
 * value within its maxChange of the current value, such that the merged config passes
 * {@link validateChanges} (bounds, grid, invariants). Deterministic for a seeded `rng`.
 *
 * @returns parameter → new value, or undefined when no valid change was found in `maxAttempts` draws.
 */
export function randomChange(space: ParamSpace, current: Params, rng: Rng, options: RandomChangeOptions = {}): Params | undefined {
  const pool = (options.only ?? tunableParams(space)).filter((n) => space.params[n]?.tunable === true);
  const count = Math.min(options.params ?? 1, pool.length);
  if (count <= 0) return undefined;
  for (let attempt = 0; attempt < (options.maxAttempts ?? 100); attempt++) {
    const names = [...pool];
    const changes: Params = {};
    for (let i = 0; i < count; i++) {
      const name = names.splice(randomInt(rng, 0, names.length - 1), 1)[0] as string;
      const value = randomValue(space.params[name] as ParamSpec, current[name], rng);
      if (value !== undefined) changes[name] = value;
    }
    if (Object.keys(changes).length === 0) continue;
    if (validateChanges(space, current, changes).ok) return changes;
  }
  return undefined;
}
