import type { ParamSpec } from './param-spec.js';
import type { Invariant } from './invariant.js';

/**
 * The parameter space of a target: every parameter the params table may hold that itercrew
 * knows about (tunable or fixed), plus the invariants any decided config must satisfy.
 * Built by the target loader from the definition's `space` and `invariants`.
 */
export interface ParamSpace {
  /** Parameter name → spec, in definition order. */
  params: Record<string, ParamSpec>;
  /** Named invariants, in definition order. */
  invariants: Invariant[];
}

/** Names of the tunable parameters of a space, in definition order. */
export function tunableParams(space: ParamSpace): string[] {
  return Object.entries(space.params)
    .filter(([, spec]) => spec.tunable)
    .map(([name]) => name);
}
