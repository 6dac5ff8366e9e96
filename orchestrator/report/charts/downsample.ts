/**
 * Indices of the points to draw for a long series: for each of `buckets` consecutive runs of
 * values, the first, lowest, highest and last point (in index order, duplicates removed), so a
 * line drawn through them has the same visual envelope as the full series. A series of at most
 * 2 × buckets values is returned whole.
 */
export function envelopeIndices(values: readonly number[], buckets: number): number[] {
  const n = values.length;
  if (n <= 2 * buckets) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    if (from >= to) continue;
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      if ((values[i] as number) < (values[lo] as number)) lo = i;
      if ((values[i] as number) > (values[hi] as number)) hi = i;
    }
    for (const i of [from, Math.min(lo, hi), Math.max(lo, hi), to - 1]) if (out.length === 0 || (out.at(-1) as number) < i) out.push(i);
  }
  return out;
}
