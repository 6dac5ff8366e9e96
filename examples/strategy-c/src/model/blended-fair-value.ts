/**
 * Blended fair value of the Up token (seed 000, iterations 50–51):
 *
 *   p_up = w · coordinator_fv + (1 − w) · (market_mid + brownian_delta)
 *
 * - coordinator_fv: the Brownian fair value from the reference price ({@link brownianFairValue});
 * - market_mid: the Up token's book mid, (best bid + best ask) / 2;
 * - brownian_delta: the change of the Brownian fair value the book has not yet priced in. The
 *   simulated book follows the market with a lag of {@link BOOK_LAG_S} (market/book-model.ts),
 *   so the delta is coordinator_fv now minus coordinator_fv that many seconds ago.
 * The book term is clamped to [0, 1] before blending.
 *
 * @param coordinatorFv Brownian fair value, 0..1.
 * @param marketMid Up book mid, 0..1.
 * @param brownianDelta change of the Brownian fair value over the book's lag.
 * @param weight w = fv_blend_weight, 0..1 (1 = ignore the book).
 * @returns p_up in [0, 1].
 */
export function blendedFairValue(coordinatorFv: number, marketMid: number, brownianDelta: number, weight: number): number {
  let book = marketMid + brownianDelta;
  if (book < 0) book = 0;
  else if (book > 1) book = 1;
  return weight * coordinatorFv + (1 - weight) * book;
}
