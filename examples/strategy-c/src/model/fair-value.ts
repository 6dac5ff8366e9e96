import { normalCdf } from '../math/normal-cdf.js';

/** Length of one market window in seconds; the Brownian horizon is scaled to it. */
export const HORIZON_SECONDS = 300;

/**
 * Displacement of the reference price from the strike: d = price / strike − 1 (a fraction;
 * 0.001 = the price is 0.1 % above the price to beat).
 */
export function displacement(price: number, strike: number): number {
  return price / strike - 1;
}

/**
 * Brownian fair value of the Up token (seed 000): P(Up) = Φ(d / (σ·√(t/300))).
 *
 * @param d displacement from the strike (see {@link displacement}).
 * @param sigma volatility of the reference over 300 s, as a fraction (0.003 = 0.3 %).
 * @param secondsLeft t, seconds until the window closes.
 * @returns probability in [0, 1] that the close is at or above the strike. When no time or no
 *   volatility is left (t ≤ 0 or σ ≤ 0) the outcome is decided: 1 if d ≥ 0 (Up wins ties, as
 *   Polymarket's "price to beat" rule says), else 0. A NaN input gives NaN.
 */
export function brownianFairValue(d: number, sigma: number, secondsLeft: number): number {
  if (Number.isNaN(d) || Number.isNaN(sigma) || Number.isNaN(secondsLeft)) return Number.NaN;
  if (secondsLeft <= 0 || sigma <= 0) return d >= 0 ? 1 : 0;
  return normalCdf(d / (sigma * Math.sqrt(secondsLeft / HORIZON_SECONDS)));
}
