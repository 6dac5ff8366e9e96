import { segmentOfRow, type ChainlinkSeries } from '../data/chainlink-series.js';
import { MARKET_VOL_LOOKBACK_S, MARKET_VOL_MAX, MARKET_VOL_MIN, MARKET_VOL_STEP_S } from './book-model.js';

/** Fewest returns a volatility estimate may rest on. */
const MIN_RETURNS = 40;

/**
 * The market's own volatility σ_m for a window (fraction per 300 s): the root mean square of
 * 30-second log returns of the reference over the {@link MARKET_VOL_LOOKBACK_S} seconds before
 * the window opens (only returns whose both ends are real reports), scaled by √(300/30),
 * clamped to [{@link MARKET_VOL_MIN}, {@link MARKET_VOL_MAX}]. Early in a day, with fewer than 40
 * returns behind the window, the day's first two hours are used instead (a small look-ahead for
 * the simulated market only; the strategy never sees σ_m).
 *
 * @param series the reference series.
 * @param startRow row of the window's first second.
 */
export function marketVolatility(series: ChainlinkSeries, startRow: number): number {
  const seg = segmentOfRow(series, startRow);
  let est = rmsReturn(series, Math.max(seg.start, startRow - MARKET_VOL_LOOKBACK_S), startRow);
  if (est.count < MIN_RETURNS) est = rmsReturn(series, seg.start, Math.min(seg.start + seg.length, seg.start + MARKET_VOL_LOOKBACK_S));
  const sigma = est.count > 0 ? est.rms * Math.sqrt(300 / MARKET_VOL_STEP_S) : MARKET_VOL_MIN;
  return Math.min(MARKET_VOL_MAX, Math.max(MARKET_VOL_MIN, sigma));
}

function rmsReturn(series: ChainlinkSeries, from: number, to: number): { rms: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let r = from; r + MARKET_VOL_STEP_S < to; r += MARKET_VOL_STEP_S) {
    if (series.age[r] !== 0 || series.age[r + MARKET_VOL_STEP_S] !== 0) continue;
    const x = Math.log(series.price[r + MARKET_VOL_STEP_S]! / series.price[r]!);
    sum += x * x;
    count++;
  }
  return { rms: count > 0 ? Math.sqrt(sum / count) : 0, count };
}
