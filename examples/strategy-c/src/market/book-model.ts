/**
 * Constants of the simulated order book and fill model. They do not depend on the strategy's
 * parameters; they were set so that the simulator reproduces the real book samples and maker
 * probe in data/houssem98-*.jsonl.gz (test/strategy-c/calibration.test.ts checks it; the README
 * lists the figures). Prices are in ticks of 0.01 ("cents"), times in seconds.
 *
 * The book (one per window, built once at load, see simulated-book.ts):
 * 1. The market's own fair value of Up is Brownian, Φ(d / (σ_m·k(t)·√(t/300))), from the
 *    Chainlink price (gaps interpolated: the market saw prices the capture missed) with σ_m the
 *    realized volatility of the previous {@link MARKET_VOL_LOOKBACK_S} seconds — not the
 *    strategy's σ — and k(t) = {@link closeSharpening}, which makes the market more decided in
 *    the last two minutes, as the real books were.
 * 2. The book follows that fair value {@link BOOK_LAG_S} second late, plus its own mean-reverting
 *    noise (an AR(1) process in logit space): x = logistic(logit(fv(s − lag)) + η(s)).
 * 3. Up best bid = floor(100·x) ticks, best ask one tick above; on a fraction of seconds the
 *    spread is wider ({@link wideSpreadProbability}, rising as the close nears).
 * 4. Down mirrors Up (Down bid = 1 − Up ask, Down ask = 1 − Up bid, so Up bid + Down bid = 0.99
 *    with a one-tick spread), except on {@link SKEW_PROBABILITY} of seconds where Down is one tick
 *    off the mirror.
 * 5. Prices live in 0.01..0.99: a side whose bid would fall below 0.01 has no bid (its mirror has
 *    no ask); near certainty the book is one-sided (Up 0.99 bid, no ask).
 * 6. Liquidity withdraws before the close: from a per-window time T_w drawn uniformly from
 *    [{@link WITHDRAW_MIN_S}, {@link WITHDRAW_MAX_S}] seconds before close the two-sided book is
 *    gone and only the winner's 0.99 bid and the loser's 0.01 ask remain (the real withdrawn
 *    books named the official winner in all 390 one-sided samples at T-20/T-10).
 *
 * Fills (see sim/simulator.ts): a resting bid fills, whole, when the token's best ask is at or
 * below the bid (the market traded through the level) — the same inference the real probe made.
 * The strategy decides once per second; its cancels and replaces race the market: on
 * {@link RACE_LOST_PROBABILITY} of seconds the trade-through reaches the book before the change
 * the strategy made one second earlier.
 */

/** Seconds the book's mid lags the reference-price fair value. The seed's bot saw moves ~250 ms
 * before the Polymarket book; one second is the smallest lag on the 1-s replay grid. */
export const BOOK_LAG_S = 1;

/** Standard deviation of the book's own noise η, in logit units (0.08 ≈ 2 cents at a mid of 0.5). */
export const NOISE_LOGIT_SD = 0.08;

/** Per-second autocorrelation of η (0.9: half-life ≈ 6.6 s). */
export const NOISE_RHO = 0.9;

/** Fraction of seconds on which the Down book is one tick off the mirror of the Up book. */
export const SKEW_PROBABILITY = 0.095;

/** Earliest withdrawal of the two-sided book, seconds before close. */
export const WITHDRAW_MIN_S = 17;

/** Latest withdrawal of the two-sided book, seconds before close. */
export const WITHDRAW_MAX_S = 30;

/** Fraction of seconds on which a trade-through beats the strategy's previous cancel/replace. */
export const RACE_LOST_PROBABILITY = 0.5;

/** Look-back of the market's realized-volatility estimate σ_m, seconds. */
export const MARKET_VOL_LOOKBACK_S = 7200;

/** Return interval of the realized-volatility estimate, seconds (scaled to 300 s by √10). */
export const MARKET_VOL_STEP_S = 30;

/** Bounds of σ_m (fraction per 300 s). */
export const MARKET_VOL_MIN = 0.0003;
export const MARKET_VOL_MAX = 0.01;

/**
 * Probability that the spread is wider than one tick at t seconds before close: from 0.5 % two
 * minutes out to ~45 % at 20 s (real: one-tick spread in 99.5/97.2/95.9/87.5/68.4/53 % of the
 * two-sided samples at 120/90/60/45/30/20 s).
 */
export function wideSpreadProbability(secondsLeft: number): number {
  const t = secondsLeft;
  if (t >= 120) return 0.005;
  if (t >= 90) return 0.005 + ((120 - t) / 30) * 0.02;
  if (t >= 60) return 0.025 + ((90 - t) / 30) * 0.015;
  if (t >= 45) return 0.04 + ((60 - t) / 15) * 0.08;
  if (t >= 30) return 0.12 + ((45 - t) / 15) * 0.19;
  if (t >= 20) return 0.31 + ((30 - t) / 10) * 0.16;
  return 0.47;
}

/** Seconds before close from which the market's volatility shrinks (see {@link closeSharpening}). */
export const SHARPEN_FROM_S = 120;
/** Exponent of the shrink. */
export const SHARPEN_EXPONENT = 0.25;

/**
 * Factor on σ_m at t seconds before close: 1 until {@link SHARPEN_FROM_S}, then (t / from)^γ.
 * The real books were more decided near the close than a Brownian model at realized volatility
 * (the favourite at T-45 won 95 % of the time, at T-30 98.5 %).
 */
export function closeSharpening(secondsLeft: number): number {
  return secondsLeft >= SHARPEN_FROM_S ? 1 : Math.pow(secondsLeft / SHARPEN_FROM_S, SHARPEN_EXPONENT);
}
