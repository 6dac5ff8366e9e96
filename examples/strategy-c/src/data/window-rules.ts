/**
 * Which markets become backtest windows (applied by scripts/build-data.ts and recorded in
 * markets.csv, so the loader only reads the decision).
 *
 * A market is a window when it has an official strike and enough real Chainlink reports
 * inside `[start_sec, end_sec]` (301 seconds) to drive a fair value. Otherwise it stays in
 * markets.csv with an `excluded` reason and no window index:
 *
 * - `no_strike`: the publisher has no price to beat (the feed had no report at `start_sec`);
 *   a strike recomputed from a later report would not be the market's own.
 * - `no_price_series`: the window is not wholly inside one captured day (markets that straddle
 *   midnight into a day that is not in the sample, or lie after the day's end): nothing, or
 *   only a second or two, to replay.
 * - `low_coverage`: fewer than {@link MIN_COVERAGE} of the window's seconds have a report; the
 *   strategy would spend most of the window blind (stale) and the book would be driven by
 *   interpolation more than by data.
 */
export const MIN_COVERAGE = 0.5;

/** Seconds per window: every market is a 5-minute window, `end_sec = start_sec + 300`. */
export const WINDOW_SECONDS = 300;

/** Why a market is not a window. */
export type ExclusionReason = 'no_strike' | 'no_price_series' | 'low_coverage';

/**
 * Decide whether a market is a window.
 *
 * @param hasStrike whether the market has an official strike.
 * @param inCapturedDay whether `[start_sec, end_sec]` lies inside one captured day's series.
 * @param coverage fraction (0..1) of the window's 301 seconds with a real report.
 * @returns null when the market is a window, otherwise the reason it is excluded.
 */
export function exclusionReason(hasStrike: boolean, inCapturedDay: boolean, coverage: number): ExclusionReason | null {
  if (!hasStrike) return 'no_strike';
  if (!inCapturedDay) return 'no_price_series';
  if (coverage < MIN_COVERAGE) return 'low_coverage';
  return null;
}
