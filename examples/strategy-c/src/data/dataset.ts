import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../errors/data-error.js';
import { marketFairValue } from '../market/market-fair-value.js';
import { marketVolatility } from '../market/market-volatility.js';
import { allocateBooks, buildWindowBook, type SimulatedBooks } from '../market/simulated-book.js';
import { HORIZON_SECONDS } from '../model/fair-value.js';
import { parseChainlinkSeries, rowOf } from './chainlink-series.js';
import { DATA_FILES, defaultDataDir } from './files.js';
import { readMarkets } from './markets-reader.js';
import type { MarketRow } from './markets-file.js';

/**
 * Everything the backtester replays, precomputed once per process: per window (a 5-minute
 * market, index 0..windows−1 in chronological order) its strike, official outcome and the
 * parameter-independent market; per second (flattened index `w·300 + s`, s = 0..299, t = 300 − s
 * seconds left) the reference displacement the strategy sees and the simulated book.
 */
export interface Dataset {
  /** Number of windows. */
  readonly windows: number;
  /** Per window: Unix start second. */
  readonly startSec: Float64Array;
  /** Per window: 1 if the official outcome is Up, 0 if Down. */
  readonly outcomeUp: Uint8Array;
  /** Per window: strike (price to beat), USD. */
  readonly strike: Float64Array;
  /** Per window: the market's realized volatility σ_m (fraction per 300 s). */
  readonly sigmaMarket: Float64Array;
  /** Per window: market slug. */
  readonly slug: readonly string[];
  /** Per second: displacement d = price / strike − 1 of the forward-filled reference. */
  readonly refD: Float64Array;
  /** Per second: d / √(t/300), so the strategy's Brownian fair value is Φ(refZ / σ) (precomputed
   * because it does not depend on the parameters). */
  readonly refZ: Float64Array;
  /** Per second: seconds since the last real reference report. */
  readonly refAge: Uint16Array;
  /** Per second: the market's own fair value of Up (what the book is built around, before lag). */
  readonly marketFv: Float64Array;
  /** Per second: the simulated book. */
  readonly books: SimulatedBooks;
  /** All 584 market rows, including the excluded ones. */
  readonly markets: readonly MarketRow[];
}

function readFile(file: string, gz: boolean): string {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new DataError('data_unreadable', file, `cannot read: ${(err as Error).message}`, { cause: err });
  }
  if (!gz) return buf.toString('utf8');
  try {
    return gunzipSync(buf).toString('utf8');
  } catch (err) {
    throw new DataError('data_corrupt', file, `not a valid gzip file: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Load the bundled data and precompute every window's market.
 *
 * @param dataDir directory holding the files of data/README.md (default: the bundled copy).
 * @throws DataError `data_unreadable` (missing/unreadable file) or `data_corrupt` (bad gzip,
 *   malformed row, a window the series does not cover), naming the file and line.
 */
export function loadDataset(dataDir: string = defaultDataDir()): Dataset {
  const marketsFile = path.join(dataDir, DATA_FILES.markets);
  const seriesFile = path.join(dataDir, DATA_FILES.chainlink);
  const markets = readMarkets(readFile(marketsFile, false), marketsFile);
  const series = parseChainlinkSeries(readFile(seriesFile, true), seriesFile);
  const rows = markets.filter((m) => m.window !== null);
  const n = rows.length;
  const startSec = new Float64Array(n);
  const outcomeUp = new Uint8Array(n);
  const strike = new Float64Array(n);
  const sigmaMarket = new Float64Array(n);
  const refD = new Float64Array(n * HORIZON_SECONDS);
  const refZ = new Float64Array(n * HORIZON_SECONDS);
  const refAge = new Uint16Array(n * HORIZON_SECONDS);
  const marketFv = new Float64Array(n * HORIZON_SECONDS);
  const books = allocateBooks(n);
  const fv = new Float64Array(HORIZON_SECONDS);
  for (let w = 0; w < n; w++) {
    const m = rows[w]!;
    const k = m.strike_usd!;
    const startRow = rowOf(series, m.start_sec);
    const endRow = rowOf(series, m.end_sec);
    if (startRow < 0 || endRow !== startRow + HORIZON_SECONDS) {
      throw new DataError('data_corrupt', seriesFile, `window ${w} (${m.slug}) is not covered by one contiguous run of seconds`);
    }
    startSec[w] = m.start_sec;
    outcomeUp[w] = m.outcome === 'up' ? 1 : 0;
    strike[w] = k;
    sigmaMarket[w] = marketVolatility(series, startRow);
    for (let s = 0; s < HORIZON_SECONDS; s++) {
      const d = series.price[startRow + s]! / k - 1;
      refD[w * HORIZON_SECONDS + s] = d;
      refZ[w * HORIZON_SECONDS + s] = d / Math.sqrt((HORIZON_SECONDS - s) / HORIZON_SECONDS);
      refAge[w * HORIZON_SECONDS + s] = series.age[startRow + s]!;
    }
    marketFairValue(series, startRow, k, sigmaMarket[w]!, fv);
    marketFv.set(fv, w * HORIZON_SECONDS);
    buildWindowBook(fv, m.start_sec, m.outcome === 'up', books, w);
  }
  return {
    windows: n,
    startSec,
    outcomeUp,
    strike,
    sigmaMarket,
    slug: rows.map((r) => r.slug),
    refD,
    refZ,
    refAge,
    marketFv,
    books,
    markets,
  };
}
