import type { ParamValue, Params } from '../../target/evaluate-protocol.js';
import { formatNumber } from '../../target/space/grid.js';
import type { ParamSpace } from '../../target/space/param-space.js';
import type { ParamSpec } from '../../target/space/param-spec.js';

/** A frozen parameter and who froze it. */
export interface FrozenParam {
  param: string;
  /** `settings`, `target`, or the review iteration that froze it (e.g. `review iteration #12`). */
  by: string;
}

/**
 * Limits on what one iteration may change, on top of the space's bounds, grid and maxChange:
 * frozen parameters (never changed) and a maximum change relative to the current value.
 * Checked when a proposal arrives (the conductor and the MCP `propose` tool) and shown in the brief.
 */
export interface StepLimits {
  /** Largest |new − current| / |current| of a numeric parameter (relative to max − min when current is 0). Absent: no relative limit. */
  maxRelativeChange?: number;
  /** Parameters no proposal may change. */
  frozen: FrozenParam[];
}

/** One step-limit violation. */
export interface StepLimitIssue {
  code: 'frozen' | 'relative_change_too_large';
  param: string;
  message: string;
}

/** The largest absolute move of a numeric parameter from `current` allowed by `maxRelativeChange`. */
export function relativeLimit(spec: ParamSpec, current: number, maxRelativeChange: number): number {
  if (spec.type !== 'float' && spec.type !== 'int') return Infinity;
  return current !== 0 ? maxRelativeChange * Math.abs(current) : maxRelativeChange * (spec.max - spec.min);
}

const pct = (x: number): string => `${formatNumber(Math.round(x * 1000) / 10)} %`;

/**
 * Checks a proposal's changes (untrusted: agent output) against the step limits: a frozen
 * parameter may not be changed (even to its current value — a proposal naming it is refused), and
 * a numeric parameter may move at most `maxRelativeChange` of its current value. Values that are
 * not finite numbers, and unknown parameters, are left to the space check (validateChanges).
 *
 * @returns `{ok: true}` or every issue with one joined reason, e.g. `sigma: frozen (by review
 *   iteration #12): no proposal may change it`.
 */
export function checkStepLimits(space: ParamSpace, limits: StepLimits, current: Params, changes: unknown): { ok: true } | { ok: false; issues: StepLimitIssue[]; reason: string } {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return { ok: true };
  const issues: StepLimitIssue[] = [];
  for (const [param, value] of Object.entries(changes as Record<string, unknown>)) {
    const frozen = limits.frozen.find((f) => f.param === param);
    if (frozen) {
      issues.push({ code: 'frozen', param, message: `${param}: frozen (by ${frozen.by}): no proposal may change it` });
      continue;
    }
    const spec = Object.hasOwn(space.params, param) ? space.params[param] : undefined;
    const now = current[param];
    if (limits.maxRelativeChange === undefined || !spec || typeof value !== 'number' || !Number.isFinite(value) || typeof now !== 'number') continue;
    const limit = relativeLimit(spec, now, limits.maxRelativeChange);
    const change = Math.abs(value - now);
    if (change > limit * (1 + 1e-9) + 1e-12) {
      const base = now !== 0 ? `of the current value ${formatNumber(now)}` : `of its range (the current value is 0)`;
      const share = now !== 0 ? change / Math.abs(now) : change / ((spec as { max: number; min: number }).max - (spec as { max: number; min: number }).min);
      issues.push({
        code: 'relative_change_too_large',
        param,
        message: `${param}: change ${formatNumber(now)} → ${formatNumber(value)} is ${pct(share)} ${base}, above the max relative change of ${pct(limits.maxRelativeChange)} per iteration`,
      });
    }
  }
  return issues.length === 0 ? { ok: true } : { ok: false, issues, reason: issues.map((i) => i.message).join('; ') };
}

/**
 * The space as an agent may search it this iteration: frozen parameters made non-tunable and
 * each numeric maxChange tightened to the relative limit around `current`. Searching this space
 * with the target's own helpers (grid steps, random changes, validateChanges) never produces a
 * proposal the step limits refuse. The input space is not modified.
 */
export function limitSpace(space: ParamSpace, limits: StepLimits, current: Params): ParamSpace {
  const params: Record<string, ParamSpec> = {};
  for (const [name, spec] of Object.entries(space.params)) {
    let next: ParamSpec = spec;
    if (limits.frozen.some((f) => f.param === name)) next = { ...next, tunable: false };
    const now = current[name];
    if (limits.maxRelativeChange !== undefined && (next.type === 'float' || next.type === 'int') && typeof now === 'number') {
      const limit = relativeLimit(next, now, limits.maxRelativeChange);
      next = { ...next, maxChange: Math.min(next.maxChange ?? Infinity, limit) } as ParamSpec;
    }
    params[name] = next;
  }
  return { params, invariants: space.invariants };
}

/** The frozen parameters' names. */
export function frozenNames(limits: StepLimits): string[] {
  return limits.frozen.map((f) => f.param);
}

/** `value` of a param for messages. */
export function describeParamValue(v: ParamValue | undefined): string {
  return typeof v === 'number' ? formatNumber(v) : String(v);
}
