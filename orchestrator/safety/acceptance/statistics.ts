import { mulberry32 } from '../../target/space/prng.js';

/**
 * Small statistics the acceptance gate needs, on plain number arrays (no allocation beyond a
 * sorted copy). All functions expect finite numbers; an empty array gives NaN.
 */

/** Arithmetic mean. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Median (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Median absolute deviation from the median. */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/** Sample standard deviation (n − 1 in the denominator); 0 for a single value. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Scale factor that makes the MAD a consistent estimate of the standard deviation for normal data. */
export const MAD_TO_SD = 1.4826;

/**
 * A robust estimate of the standard deviation: 1.4826 × MAD, or the sample standard deviation
 * when the MAD is 0 (more than half of the values equal — e.g. a change that affects only a few
 * windows — where the MAD would call any mean difference significant).
 *
 * @returns the estimate and which estimator gave it.
 */
export function robustSd(xs: readonly number[]): { sd: number; estimator: 'mad' | 'sd' } {
  const m = mad(xs);
  return m > 0 ? { sd: MAD_TO_SD * m, estimator: 'mad' } : { sd: sampleSd(xs), estimator: 'sd' };
}

/**
 * Lower `1 − confidence` quantile of the bootstrap distribution of the mean: `resamples`
 * resamples of `xs` with replacement drawn from a mulberry32 stream seeded with `seed`, so the same
 * inputs always give the same bound.
 */
export function bootstrapMeanLowerBound(xs: readonly number[], confidence: number, resamples: number, seed: number): number {
  if (xs.length === 0) return NaN;
  const rng = mulberry32(seed);
  const means = new Float64Array(resamples);
  const n = xs.length;
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xs[Math.floor(rng() * n)] as number;
    means[r] = s / n;
  }
  means.sort();
  const q = Math.min(resamples - 1, Math.max(0, Math.floor((1 - confidence) * resamples)));
  return means[q] as number;
}

/** A 31-bit seed from a text (FNV-1a), e.g. an iteration id. */
export function seedFromText(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}
