/**
 * Standard normal cumulative distribution function Φ(x) by Abramowitz & Stegun, Handbook of
 * Mathematical Functions (1964), formula 26.2.17: for x ≥ 0
 *
 *   Φ(x) = 1 − φ(x)·(b1·k + b2·k² + b3·k³ + b4·k⁴ + b5·k⁵),  k = 1 / (1 + p·x),
 *
 * with φ the standard normal density; Φ(−x) = 1 − Φ(x). Absolute error below 7.5e-8 for all x.
 * This is the formula Strategy C's fair value uses (seed 000). Beyond |x| > 8.3 it returns 0 or
 * 1 exactly (the true tail is below 6e-17 there) and skips the exponential. No allocation.
 *
 * @param x any real number; ±Infinity give 0 or 1; NaN gives NaN.
 * @returns Φ(x) in [0, 1].
 */
export function normalCdf(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax > 8.3) return x < 0 ? 0 : 1;
  const k = 1 / (1 + P * ax);
  const poly = k * (B1 + k * (B2 + k * (B3 + k * (B4 + k * B5))));
  const tail = INV_SQRT_2PI * Math.exp(-0.5 * ax * ax) * poly;
  return x < 0 ? tail : 1 - tail;
}

const P = 0.2316419;
const B1 = 0.31938153;
const B2 = -0.356563782;
const B3 = 1.781477937;
const B4 = -1.821255978;
const B5 = 1.330274429;
const INV_SQRT_2PI = 0.3989422804014327;
