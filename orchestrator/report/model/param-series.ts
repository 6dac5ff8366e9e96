import type { ParamValue } from '../../target/evaluate-protocol.js';
import type { IterationRecord } from '../../runlog/fold/iteration-record.js';
import { isRevert } from './reverts.js';

/** One tuned parameter's value over the iterations of a run log. */
export interface ParamSeries {
  param: string;
  /** Value in force before the first iteration (null if unknown or unset). */
  start: ParamValue | null;
  /**
   * The value in force after each iteration, as steps: `{ index, value }` whenever the value after
   * records[index] differs from the one before (a committed change, or a base config that differs
   * from the previous iteration's result, e.g. a hand edit). Between steps the value holds.
   */
  steps: { index: number; value: ParamValue | null }[];
  /** Indices (into the records) of iterations whose config diff changed this parameter. */
  changes: number[];
  /** Indices of revert iterations that touched this parameter (or touched no parameter at all). */
  reverts: number[];
  /** Value after the last iteration. */
  last: ParamValue | null;
}

function valueIn(params: Record<string, ParamValue> | undefined, param: string): ParamValue | null | undefined {
  if (params === undefined) return undefined;
  return Object.hasOwn(params, param) ? (params[param] as ParamValue) : null;
}

/**
 * The series of every tuned parameter — every parameter that appears in some iteration's config
 * diff — in order of first change. Parameters never changed are left out (a flat line tells
 * nothing). The value after an iteration is its base params with its diff applied; a record
 * without base params (e.g. a skipped tick) carries the previous value. One pass over the records.
 */
export function tunedParamSeries(records: readonly IterationRecord[]): ParamSeries[] {
  const series = new Map<string, ParamSeries>();
  for (let i = 0; i < records.length; i++)
    for (const c of (records[i] as IterationRecord).diff)
      if (!series.has(c.param)) series.set(c.param, { param: c.param, start: null, steps: [], changes: [], reverts: [], last: null });
  if (series.size === 0) return [];
  const all = [...series.values()];
  const first = records.find((r) => r.baseParams !== undefined)?.baseParams;
  for (const s of all) s.start = s.last = valueIn(first, s.param) ?? null;
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as IterationRecord;
    const base = r.baseParams;
    if (base !== undefined)
      for (const s of all) {
        const v = valueIn(base, s.param) as ParamValue | null;
        if (v !== s.last) {
          s.steps.push({ index: i, value: v });
          s.last = v;
        }
      }
    for (const c of r.diff) {
      const s = series.get(c.param) as ParamSeries;
      s.changes.push(i);
      const last = s.steps.at(-1);
      if (last !== undefined && last.index === i) last.value = c.new;
      else if (c.new !== s.last) s.steps.push({ index: i, value: c.new });
      s.last = c.new;
    }
    if (isRevert(r)) for (const s of all) if (r.diff.length === 0 || r.diff.some((c) => c.param === s.param)) s.reverts.push(i);
  }
  return all;
}
