/** The q-quantile (0..1) of `values` (sorted copy, nearest-rank). NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** A number with a fixed count of decimals, right-aligned to `width`. */
export function fmt(n: number, decimals = 0, width = 0): string {
  return (Number.isFinite(n) ? n.toFixed(decimals) : '-').padStart(width);
}

/** Current time in ms with sub-ms precision, comparable across processes on one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
