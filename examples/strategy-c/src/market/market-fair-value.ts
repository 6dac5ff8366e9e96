import { segmentOfRow, type ChainlinkSeries } from '../data/chainlink-series.js';
import { brownianFairValue, HORIZON_SECONDS } from '../model/fair-value.js';
import { closeSharpening } from './book-model.js';

/**
 * The simulated market's own fair value of Up at each second of one window (parameter
 * independent): the Brownian fair value with the market's volatility σ_m, from the reference
 * price with gaps linearly interpolated between the real reports around them (the market saw
 * prices the capture missed; after the day's last report the price is carried forward).
 *
 * @param series the reference series.
 * @param startRow row of the window's first second; the window covers rows startRow .. startRow + 300.
 * @param strike the window's price to beat, USD.
 * @param sigmaM σ_m, fraction per 300 s (see marketVolatility).
 * @param out receives 300 values, index s = 0..299 for t = 300 − s seconds left.
 */
export function marketFairValue(series: ChainlinkSeries, startRow: number, strike: number, sigmaM: number, out: Float64Array): void {
  const seg = segmentOfRow(series, startRow);
  const segEnd = seg.start + seg.length;
  // Next real report at or after each row of the window (scan back from the first after it).
  let next = -1;
  for (let r = startRow + HORIZON_SECONDS; r < segEnd; r++) {
    if (series.age[r] === 0) {
      next = r;
      break;
    }
  }
  const nextReal = new Int32Array(HORIZON_SECONDS);
  for (let s = HORIZON_SECONDS - 1; s >= 0; s--) {
    if (series.age[startRow + s] === 0) next = startRow + s;
    nextReal[s] = next;
  }
  for (let s = 0; s < HORIZON_SECONDS; s++) {
    const r = startRow + s;
    let price = series.price[r]!;
    const a = series.age[r]!;
    if (a > 0 && nextReal[s]! >= 0) {
      const prev = r - a;
      const nx = nextReal[s]!;
      price = series.price[prev]! + ((series.price[nx]! - series.price[prev]!) * a) / (nx - prev);
    }
    const t = HORIZON_SECONDS - s;
    out[s] = brownianFairValue(price / strike - 1, sigmaM * closeSharpening(t), t);
  }
}
