import type { ParamValue } from '../evaluate-protocol.js';
import type { NumericSpec, ParamSpec } from './param-spec.js';

/** Tolerance, in steps, for a value to count as on the grid (absorbs float rounding such as 0.1+0.2). */
export const GRID_TOLERANCE = 1e-6;

function decimals(x: number): number {
  const s = String(x);
  const exp = /e-(\d+)$/.exec(s);
  if (exp) return Number(exp[1]) + (s.split('e')[0]?.split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

/** Number of decimal places a grid value of this spec needs (from min and step). */
function gridDecimals(spec: NumericSpec): number {
  return Math.min(15, Math.max(decimals(spec.step), decimals(spec.min)));
}

/** Largest grid index inside `[min, max]`. */
export function maxGridIndex(spec: NumericSpec): number {
  return Math.floor((spec.max - spec.min) / spec.step + GRID_TOLERANCE);
}

/** The grid value with index k: `min + k·step`, rounded to the grid's decimals (0.005·6 → 0.03, not 0.030000000000000002). */
export function gridValue(spec: NumericSpec, k: number): number {
  const v = spec.min + k * spec.step;
  return Number(v.toFixed(gridDecimals(spec)));
}

/** Fractional grid index of a value: `(value − min) / step`. */
export function gridPosition(spec: NumericSpec, value: number): number {
  return (value - spec.min) / spec.step;
}

/** Whether a value lies on the grid `min + k·step` (within {@link GRID_TOLERANCE} steps); bounds are not checked. */
export function isOnGrid(spec: NumericSpec, value: number): boolean {
  const k = gridPosition(spec, value);
  return Math.abs(k - Math.round(k)) <= GRID_TOLERANCE;
}

/** The nearest grid value inside `[min, max]` (clamps first, ties round up). */
export function snapToGrid(spec: NumericSpec, value: number): number {
  const k = Math.min(maxGridIndex(spec), Math.max(0, Math.round(gridPosition(spec, value))));
  return gridValue(spec, k);
}

/**
 * The values one step away from `value`, clamped to the bounds, ascending, without `value`
 * itself: numeric → grid values at ±1 step from the value snapped to the grid (one value at a
 * bound); enum → the adjacent list entries; bool → the other value. An off-grid or unknown
 * value is snapped / treated as the first enum value.
 */
export function neighbours(spec: ParamSpec, value: ParamValue): ParamValue[] {
  switch (spec.type) {
    case 'float':
    case 'int': {
      const v = typeof value === 'number' && Number.isFinite(value) ? value : spec.min;
      const k = Math.round(gridPosition(spec, snapToGrid(spec, v)));
      const out: number[] = [];
      if (k - 1 >= 0) out.push(gridValue(spec, k - 1));
      if (k + 1 <= maxGridIndex(spec)) out.push(gridValue(spec, k + 1));
      return out.filter((x) => x !== value);
    }
    case 'enum': {
      const i = Math.max(0, spec.values.indexOf(String(value)));
      return [spec.values[i - 1], spec.values[i + 1]].filter((x): x is string => x !== undefined);
    }
    case 'bool':
      return [!(value === true)];
  }
}

/** Formats a number for messages without float noise: 0.035000000000000003 → 0.035. */
export function formatNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(12))) : String(x);
}
