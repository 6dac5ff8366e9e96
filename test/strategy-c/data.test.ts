import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { distPath, projectRoot } from '../../orchestrator/paths.js';
import { parseChainlinkSeries } from '../../examples/strategy-c/src/data/chainlink-series.js';
import { loadDataset, type Dataset } from '../../examples/strategy-c/src/data/dataset.js';
import { defaultDataDir } from '../../examples/strategy-c/src/data/files.js';
import { readMarkets } from '../../examples/strategy-c/src/data/markets-reader.js';
import { DataError } from '../../examples/strategy-c/src/errors/data-error.js';
import { NO_ASK, NO_BID } from '../../examples/strategy-c/src/market/simulated-book.js';

const SHARED = path.resolve(projectRoot(), '../shared/data/market');

let data: Dataset;
beforeAll(() => {
  data = loadDataset();
});

describe('bundled data', () => {
  it('holds the 584 markets and 551 chronological windows with strikes and official outcomes', () => {
    expect(data.markets).toHaveLength(584);
    expect(data.windows).toBe(551);
    const reasons = data.markets.filter((m) => m.window === null).map((m) => m.excluded);
    expect(reasons.filter((r) => r === 'no_strike')).toHaveLength(22);
    expect(reasons.filter((r) => r === 'no_price_series')).toHaveLength(9);
    expect(reasons.filter((r) => r === 'low_coverage')).toHaveLength(2);
    for (let w = 1; w < data.windows; w++) expect(data.startSec[w]!).toBeGreaterThan(data.startSec[w - 1]!);
    for (let w = 0; w < data.windows; w++) {
      expect(data.strike[w]!).toBeGreaterThan(10_000);
      // the series starts at the strike: the strike is the report at start_sec
      expect(Math.abs(data.refD[w * 300]!)).toBeLessThan(1e-9);
      expect(data.refAge[w * 300]).toBe(0);
    }
    const ups = data.outcomeUp.reduce((a, b) => a + b, 0);
    expect(ups).toBeGreaterThan(200);
    expect(ups).toBeLessThan(351);
  });

  it('builds a sane book: prices in ticks 1..99 or empty, bid below ask, both tokens near-mirrored', () => {
    const b = data.books;
    const bad: string[] = [];
    for (let i = 0; i < data.windows * 300; i++) {
      const pairs = [
        [b.upBid[i]!, b.upAsk[i]!],
        [b.downBid[i]!, b.downAsk[i]!],
      ];
      for (const [bid, ask] of pairs) {
        if (bid !== NO_BID && ask !== NO_ASK && ask <= bid) bad.push(`${i}: ask ${ask} <= bid ${bid}`);
        if (bid > 99 || ask < 1) bad.push(`${i}: price out of 1..99`);
      }
      if (b.upBid[i] !== NO_BID && b.downAsk[i] !== NO_ASK && Math.abs(b.upBid[i]! + b.downAsk[i]! - 100) > 1) bad.push(`${i}: not mirrored`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('loads the same market every time (seeded per window)', () => {
    const again = loadDataset();
    for (const k of ['upBid', 'upAsk', 'downBid', 'downAsk', 'raceLost'] as const) {
      expect(Buffer.compare(again.books[k], data.books[k]), k).toBe(0);
    }
    expect(again.marketFv.every((v, i) => v === data.marketFv[i])).toBe(true);
  });

  it('rejects corrupt rows with the file and line', () => {
    const good = readFileSync(path.join(defaultDataDir(), 'markets.csv'), 'utf8');
    const rows = good.split('\n');
    rows[3] = rows[3]!.replace(/,\d+,,?$/, ',7,'); // a window index out of sequence
    expect(() => readMarkets(rows.join('\n'), 'markets.csv')).toThrow(/markets.csv: line 4/);
    const series = 'sec,price_usd,age_s\n100,5.5,0\n101,5.5,1\n102,abc,0\n';
    expect(() => parseChainlinkSeries(series, 's.csv')).toThrow(DataError);
    expect(() => parseChainlinkSeries(series, 's.csv')).toThrow(/s.csv: line 4: price_usd/);
    expect(() => parseChainlinkSeries('sec,price_usd,age_s\n100,5.5,0\n101,5.6,1\n', 's.csv')).toThrow(/forward-filled/);
  });

  it.skipIf(!existsSync(SHARED))('is reproduced byte for byte by scripts/build-data from ../shared/data/market', async () => {
    const script = distPath('examples/strategy-c/scripts/build-data.js');
    expect(existsSync(script), 'run `npm run build` first').toBe(true);
    const out = mkdtempSync(path.join(tmpdir(), 'strategy-c-data-'));
    try {
      await execa('node', [script, '--source', SHARED, '--out', out]);
      const bundled = defaultDataDir();
      const built = readdirSync(out).sort();
      expect(built).toEqual(readdirSync(bundled).filter((f) => f !== 'README.md').sort());
      for (const f of built) expect(readFileSync(path.join(out, f)).equals(readFileSync(path.join(bundled, f))), f).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
