import { DataError } from '../errors/data-error.js';

/**
 * The Chainlink BTC/USD reference on a 1-second grid, as loaded from
 * `chainlink-btcusd-1s.csv.gz` (`sec,price_usd,age_s`): contiguous runs of seconds (one per
 * captured day), the forward-filled price and the seconds since the last real report.
 */
export interface ChainlinkSeries {
  /** Unix second of each row. */
  readonly sec: Float64Array;
  /** Price in USD, forward-filled over gaps. */
  readonly price: Float64Array;
  /** Seconds since the last real report (0 = a report in this second). */
  readonly age: Uint16Array;
  /** Contiguous runs: rows [start, start + length) cover seconds firstSec .. firstSec + length − 1. */
  readonly segments: ReadonlyArray<{ readonly firstSec: number; readonly start: number; readonly length: number }>;
}

/**
 * Parse the decompressed series file.
 *
 * @param text file contents (UTF-8).
 * @param file path, for error messages.
 * @throws DataError `data_corrupt` naming the line: wrong header, a malformed or non-finite
 *   value, seconds out of order, an age that does not follow the previous row, a forward-filled
 *   price that changed.
 */
export function parseChainlinkSeries(text: string, file: string): ChainlinkSeries {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== 'sec,price_usd,age_s') throw new DataError('data_corrupt', file, `line 1: expected header "sec,price_usd,age_s", got ${JSON.stringify(lines[0]?.slice(0, 80))}`);
  const n = lines.length - 1;
  if (n < 1) throw new DataError('data_corrupt', file, 'no rows');
  const sec = new Float64Array(n);
  const price = new Float64Array(n);
  const age = new Uint16Array(n);
  const segments: Array<{ firstSec: number; start: number; length: number }> = [];
  for (let i = 0; i < n; i++) {
    const line = lines[i + 1]!;
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    const bad = (why: string): never => {
      throw new DataError('data_corrupt', file, `line ${i + 2}: ${why}: ${JSON.stringify(line.slice(0, 80))}`);
    };
    if (c1 < 0 || c2 < 0 || line.indexOf(',', c2 + 1) >= 0) bad('expected 3 columns');
    const s = Number(line.slice(0, c1));
    const p = Number(line.slice(c1 + 1, c2));
    const a = Number(line.slice(c2 + 1));
    if (!Number.isInteger(s) || s <= 0) bad('sec is not a positive integer');
    if (!Number.isFinite(p) || p <= 0 || line.slice(c1 + 1, c2).trim() === '') bad('price_usd is not a positive number');
    if (!Number.isInteger(a) || a < 0 || a > 65535) bad('age_s is not an integer in 0..65535');
    sec[i] = s;
    price[i] = p;
    age[i] = a;
    const last = segments[segments.length - 1];
    if (last && s === sec[i - 1]! + 1) {
      last.length++;
      if (a !== 0 && a !== age[i - 1]! + 1) bad(`age_s ${a} does not follow ${age[i - 1]}`);
      if (a !== 0 && p !== price[i - 1]) bad('a forward-filled second changed the price');
    } else {
      if (last && s <= sec[i - 1]!) bad('seconds out of order');
      if (a !== 0) bad('a run of seconds must start with a real report (age_s 0)');
      segments.push({ firstSec: s, start: i, length: 1 });
    }
  }
  return { sec, price, age, segments };
}

/**
 * Row index of Unix second `s`, or −1 if the series does not cover it.
 */
export function rowOf(series: ChainlinkSeries, s: number): number {
  for (const seg of series.segments) {
    if (s >= seg.firstSec && s < seg.firstSec + seg.length) return seg.start + (s - seg.firstSec);
  }
  return -1;
}

/** The segment holding row `row`. */
export function segmentOfRow(series: ChainlinkSeries, row: number): { firstSec: number; start: number; length: number } {
  for (const seg of series.segments) if (row >= seg.start && row < seg.start + seg.length) return seg;
  throw new RangeError(`row ${row} outside the series`);
}
