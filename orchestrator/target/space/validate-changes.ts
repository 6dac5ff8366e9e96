import type { ParamValue, Params } from '../evaluate-protocol.js';
import { diffParams, type ParamChange } from '../diff/params-diff.js';
import { checkInvariant } from './invariant.js';
import type { ParamSpace } from './param-space.js';
import type { ParamSpec } from './param-spec.js';
import { formatNumber, gridValue, gridPosition, isOnGrid, maxGridIndex } from './grid.js';

/** Why a proposed change was rejected. */
export type ParamIssueCode =
  | 'bad_changes' // not an object of parameter → value
  | 'unknown_parameter' // not in the target's space
  | 'not_tunable' // in the space with tunable: false
  | 'wrong_type' // e.g. a string for a float, 7.5 for an int
  | 'not_finite' // NaN, Infinity, -Infinity
  | 'below_min'
  | 'above_max'
  | 'off_grid' // not min + k·step
  | 'change_too_large' // |new − current| > maxChange
  | 'not_in_enum'
  | 'invariant_violated';

/** One precise rejection reason. */
export interface ParamIssue {
  code: ParamIssueCode;
  /** The parameter concerned (absent for bad_changes and invariants). */
  param?: string;
  /** The invariant concerned. */
  invariant?: string;
  /** For people and agents, e.g. `half_spread_base: 0.2 is above max 0.1`. */
  message: string;
}

/** Result of {@link validateChanges}. */
export type ChangeValidation =
  | {
      ok: true;
      /** Current params merged with the (grid-normalised) changes: the config to write. */
      params: Params;
      /** The changes as accepted, values normalised to the grid (0.030000000000000002 → 0.03). */
      changes: Params;
      /** current → params, only real changes (an unchanged value is not listed). */
      diff: ParamChange[];
    }
  | {
      ok: false;
      /** Every problem found (per-parameter checks first; invariants only when those pass). */
      issues: ParamIssue[];
      /** All messages joined by `; `: what the conductor answers ("rejected: <reason>"). */
      reason: string;
    };

function describeValue(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return `${JSON.stringify(v)} (a string)`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : String(v);
}

function checkValue(name: string, spec: ParamSpec, value: unknown, current: ParamValue | undefined): ParamIssue | ParamValue {
  const issue = (code: ParamIssueCode, message: string): ParamIssue => ({ code, param: name, message: `${name}: ${message}` });
  switch (spec.type) {
    case 'bool':
      return typeof value === 'boolean' ? value : issue('wrong_type', `expected true or false, got ${describeValue(value)}`);
    case 'enum':
      if (typeof value !== 'string') return issue('wrong_type', `expected one of ${spec.values.join(', ')}, got ${describeValue(value)}`);
      return spec.values.includes(value) ? value : issue('not_in_enum', `${JSON.stringify(value)} is not one of ${spec.values.join(', ')}`);
    case 'float':
    case 'int': {
      if (typeof value !== 'number') return issue('wrong_type', `expected ${spec.type === 'int' ? 'an integer' : 'a number'}, got ${describeValue(value)}`);
      if (!Number.isFinite(value)) return issue('not_finite', `${String(value)} is not a finite number`);
      if (spec.type === 'int' && !Number.isInteger(value)) return issue('wrong_type', `expected an integer, got ${formatNumber(value)}`);
      if (value < spec.min) return issue('below_min', `${formatNumber(value)} is below min ${formatNumber(spec.min)}`);
      if (value > spec.max) return issue('above_max', `${formatNumber(value)} is above max ${formatNumber(spec.max)}`);
      if (!isOnGrid(spec, value)) {
        const k = Math.floor(gridPosition(spec, value));
        const near = [k, k + 1].filter((i) => i >= 0 && i <= maxGridIndex(spec)).map((i) => formatNumber(gridValue(spec, i)));
        return issue('off_grid', `${formatNumber(value)} is not on the step grid (step ${formatNumber(spec.step)} from ${formatNumber(spec.min)}; nearest ${near.join(' or ')})`);
      }
      const normalised = gridValue(spec, Math.round(gridPosition(spec, value)));
      if (spec.maxChange !== undefined && typeof current === 'number' && Number.isFinite(current)) {
        const change = Math.abs(normalised - current);
        if (change > spec.maxChange * (1 + 1e-9) + 1e-12)
          return issue('change_too_large', `change ${formatNumber(current)} → ${formatNumber(normalised)} is ${formatNumber(change)}, above maxChange ${formatNumber(spec.maxChange)}`);
      }
      return normalised;
    }
  }
}

/**
 * Validates a proposed change set against the space, the invariants and the current params.
 *
 * @param space the target's parameter space.
 * @param current the params table as it is now (the config file's values).
 * @param changes raw proposal: an object of parameter → new value (untrusted: agent output).
 *   An empty object is valid ("keep current config").
 * @returns on success the merged params, the normalised changes and the diff; otherwise every
 *   precise reason: unknown or non-tunable parameter, wrong type, NaN/Infinity, below min /
 *   above max, off the step grid (float tolerance {@link GRID_TOLERANCE}), change above
 *   maxChange (when the current value is a finite number), enum value not allowed, and, when
 *   every value passes, each violated invariant evaluated on the merged params. Never throws.
 */
export function validateChanges(space: ParamSpace, current: Params, changes: unknown): ChangeValidation {
  const fail = (issues: ParamIssue[]): ChangeValidation => ({ ok: false, issues, reason: issues.map((i) => i.message).join('; ') });
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes))
    return fail([{ code: 'bad_changes', message: `changes must be an object of parameter → value, got ${describeValue(changes)}` }]);

  const issues: ParamIssue[] = [];
  const accepted: Params = {};
  for (const [name, value] of Object.entries(changes as Record<string, unknown>)) {
    const spec = Object.hasOwn(space.params, name) ? space.params[name] : undefined;
    if (spec === undefined) {
      issues.push({ code: 'unknown_parameter', param: name, message: `${name}: unknown parameter (not in the target's space)` });
      continue;
    }
    if (!spec.tunable) {
      issues.push({ code: 'not_tunable', param: name, message: `${name}: not tunable (a fixed setting of the target)` });
      continue;
    }
    const checked = checkValue(name, spec, value, current[name]);
    if (typeof checked === 'object') issues.push(checked);
    else accepted[name] = checked;
  }
  if (issues.length > 0) return fail(issues);

  const params: Params = { ...current, ...accepted };
  for (const invariant of space.invariants) {
    const result = checkInvariant(invariant, params);
    if (!result.ok) issues.push({ code: 'invariant_violated', invariant: invariant.name, message: result.reason });
  }
  if (issues.length > 0) return fail(issues);
  return { ok: true, params, changes: accepted, diff: diffParams(current, params) };
}

/**
 * Checks a full parameter set (e.g. a seed config) against the space without a current config:
 * every space parameter present (tunable or not) must have a valid value (bounds, grid, type),
 * and every invariant must hold. maxChange does not apply. Parameters outside the space are
 * ignored (the target may keep other settings in the same table).
 */
export function validateParams(space: ParamSpace, params: Params): { ok: true } | { ok: false; issues: ParamIssue[]; reason: string } {
  const issues: ParamIssue[] = [];
  for (const [name, spec] of Object.entries(space.params)) {
    if (!Object.hasOwn(params, name)) continue;
    const checked = checkValue(name, spec, params[name], undefined);
    if (typeof checked === 'object') issues.push(checked);
  }
  if (issues.length === 0) {
    for (const invariant of space.invariants) {
      const result = checkInvariant(invariant, params);
      if (!result.ok) issues.push({ code: 'invariant_violated', invariant: invariant.name, message: result.reason });
    }
  }
  return issues.length === 0 ? { ok: true } : { ok: false, issues, reason: issues.map((i) => i.message).join('; ') };
}
