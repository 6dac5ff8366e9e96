/**
 * EMA signal suppression (seed 000, iteration 54): an exponential moving average of p_up,
 * updated once per second, filters noise spikes of the fair value. A maker bid that would open
 * (or add to) exposure on the side the EMA argues against is suppressed:
 * - the YES (Up) bid when ema < 0.5 − band;
 * - the NO (Down) bid when ema > 0.5 + band.
 * (Iterations 45–46 had these inverted; the test suite pins the direction.)
 */

/**
 * One EMA step: ema + α·(x − ema). A NaN `ema` (no value yet) starts at x.
 *
 * @param ema previous average, or NaN.
 * @param x new p_up.
 * @param alpha ema_alpha in (0, 1]; 0.05 ≈ a 14-second half-life at one update per second.
 */
export function emaStep(ema: number, x: number, alpha: number): number {
  return ema !== ema ? x : ema + alpha * (x - ema);
}

/** Whether the YES (Up) bid is suppressed: ema < 0.5 − band. */
export function suppressYes(ema: number, band: number): boolean {
  return ema < 0.5 - band;
}

/** Whether the NO (Down) bid is suppressed: ema > 0.5 + band. */
export function suppressNo(ema: number, band: number): boolean {
  return ema > 0.5 + band;
}
