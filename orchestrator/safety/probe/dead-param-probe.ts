import type { CandidateResult } from '../../target/evaluate/evaluate-runner.js';
import type { Metrics, ParamValue, Params, WindowRange } from '../../target/evaluate-protocol.js';
import { neighbours } from '../../target/space/grid.js';
import type { ParamSpace } from '../../target/space/param-space.js';

/** One probe point: the decided config with one parameter moved one step. */
export interface ProbePoint {
  /** Request id in the evaluate batch. */
  id: string;
  param: string;
  value: ParamValue;
  params: Params;
}

/** The evaluations the probe needs: the decided config and each changed parameter at ± one step, on the in-sample windows. */
export interface ProbePlan {
  windows: WindowRange;
  /** The decided config. */
  decided: Params;
  /** Request id of the decided config itself. */
  decidedId: string;
  points: ProbePoint[];
}

/** A parameter the probe found to have no effect, with the evidence. */
export interface ProbeFlag {
  param: string;
  /** Its decided value. */
  decidedValue: ParamValue;
  /** The objective metric of the decided config on the probe windows. */
  decidedMetric: number;
  /** Each probe value and the metric it gave (equal to decidedMetric, or the flag would not be raised). */
  probes: Array<{ value: ParamValue; metric: number }>;
  metric: string;
  windows: WindowRange;
  message: string;
}

/**
 * Plans the dead-parameter probe for the parameters an iteration changed: for each one, the
 * decided config with that parameter one grid step down and one up (clamped to the bounds; enum:
 * the neighbouring values; bool: the other value), on the in-sample windows. Parameters outside
 * the space are skipped.
 */
export function planProbe(space: ParamSpace, decided: Params, changed: readonly string[], windows: WindowRange): ProbePlan {
  const points: ProbePoint[] = [];
  for (const param of changed) {
    const spec = Object.hasOwn(space.params, param) ? space.params[param] : undefined;
    const value = decided[param];
    if (!spec || value === undefined) continue;
    neighbours(spec, value).forEach((v, i) => points.push({ id: `probe:${param}:${i}`, param, value: v, params: { ...decided, [param]: v } }));
  }
  return { windows, decided, decidedId: 'probe:decided', points };
}

/** Whether two metric sets are the same: the metric and, when both have it, every per-window value (relative tolerance 1e-12). */
function same(a: Metrics, b: Metrics, metric: string): boolean {
  const eq = (x: unknown, y: unknown): boolean => typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x), Math.abs(y));
  if (!eq((a as Record<string, unknown>)[metric], (b as Record<string, unknown>)[metric])) return false;
  if (Array.isArray(a.perWindow) && Array.isArray(b.perWindow)) return a.perWindow.length === b.perWindow.length && a.perWindow.every((x, i) => eq(x, b.perWindow![i]));
  return true;
}

/**
 * Reads the probe's results: a parameter is flagged when at least one of its probe points was
 * evaluated and none of them moved the metric (nor any per-window value) at all. Probe points the
 * target refused are left out; a parameter with none evaluated is not flagged (inconclusive).
 */
export function judgeProbe(plan: ProbePlan, results: ReadonlyMap<string, CandidateResult>, metric: string): ProbeFlag[] {
  const decided = results.get(plan.decidedId);
  if (!decided?.ok) return [];
  const decidedMetric = (decided.metrics as Record<string, unknown>)[metric];
  if (typeof decidedMetric !== 'number') return [];
  const byParam = new Map<string, ProbePoint[]>();
  for (const p of plan.points) byParam.set(p.param, [...(byParam.get(p.param) ?? []), p]);
  const flags: ProbeFlag[] = [];
  for (const [param, points] of byParam) {
    const evaluated = points.flatMap((p) => {
      const r = results.get(p.id);
      return r?.ok ? [{ point: p, metrics: r.metrics }] : [];
    });
    if (evaluated.length === 0 || !evaluated.every((e) => same(e.metrics, decided.metrics, metric))) continue;
    flags.push({
      param,
      decidedValue: plan.decided[param] as ParamValue,
      decidedMetric,
      probes: evaluated.map((e) => ({ value: e.point.value, metric: (e.metrics as Record<string, number>)[metric] as number })),
      metric,
      windows: plan.windows,
      message: `parameter appears to have no effect: ${param} at ${evaluated.map((e) => String(e.point.value)).join(' and ')} gives the same ${metric} (${decidedMetric}) as at its decided value on windows ${plan.windows.from}..${plan.windows.to - 1}`,
    });
  }
  return flags;
}

