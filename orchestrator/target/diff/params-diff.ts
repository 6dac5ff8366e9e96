import type { ParamValue, Params } from '../evaluate-protocol.js';

/**
 * One changed parameter: `{param, old, new}`. `old` is null when the parameter was absent
 * before, `new` is null when it is absent after.
 */
export interface ParamChange {
  param: string;
  old: ParamValue | null;
  new: ParamValue | null;
}

/**
 * Structured diff of two parameter sets, old → new: one entry per parameter whose value differs
 * (strict equality), in the order of `before`'s keys followed by keys only in `after`.
 * Equal sets give `[]`.
 */
export function diffParams(before: Params, after: Params): ParamChange[] {
  const changes: ParamChange[] = [];
  const seen = new Set<string>();
  for (const param of [...Object.keys(before), ...Object.keys(after)]) {
    if (seen.has(param)) continue;
    seen.add(param);
    const old = Object.hasOwn(before, param) ? (before[param] as ParamValue) : null;
    const next = Object.hasOwn(after, param) ? (after[param] as ParamValue) : null;
    if (old !== next) changes.push({ param, old, new: next });
  }
  return changes;
}

/** A parameter value as people read it: numbers and booleans as JSON, strings bare, absent as `(unset)`. */
export function formatParamValue(value: ParamValue | null): string {
  if (value === null) return '(unset)';
  return typeof value === 'string' ? value : String(value);
}

/**
 * One-line text form of a diff: `half_spread_base: 0.025 → 0.03, bid_size: 8 → 6`;
 * `no change` for an empty diff.
 */
export function formatParamsDiff(changes: readonly ParamChange[]): string {
  if (changes.length === 0) return 'no change';
  return changes.map((c) => `${c.param}: ${formatParamValue(c.old)} → ${formatParamValue(c.new)}`).join(', ');
}

/** Applies a diff's `new` values to a parameter set (a `new` of null removes the key); returns a new object. */
export function applyParamChanges(params: Params, changes: readonly ParamChange[]): Params {
  const out: Params = { ...params };
  for (const c of changes) {
    if (c.new === null) delete out[c.param];
    else out[c.param] = c.new;
  }
  return out;
}
