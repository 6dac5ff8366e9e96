/**
 * Builds the bundled Strategy C data (examples/strategy-c/data/) from the shared real data
 * (../shared/data/market/ beside the project, or `--source <dir>`). Deterministic: the same
 * inputs give byte-identical outputs (gzip without timestamps), so the committed files can be
 * checked by re-running it.
 *
 *   npm run build && node dist/examples/strategy-c/scripts/build-data.js [--source DIR] [--out DIR]
 *
 * Produces (see data/README.md):
 * - markets.csv — the 584 markets (derived CSV minus token ids and volume), with coverage,
 *   longest gap, window index or exclusion reason;
 * - chainlink-btcusd-1s.csv.gz — Chainlink BTC/USD on a 1-s grid over both days: the last report
 *   per second by `recv_ms`, forward-filled, with `age_s` = seconds since the last real report;
 * - houssem98-ladder.jsonl.gz, houssem98-maker-probe.jsonl.gz — byte copies of the originals.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DATA_FILES, defaultDataDir } from '../src/data/files.js';
import { MARKET_COLUMNS } from '../src/data/markets-file.js';
import { exclusionReason, WINDOW_SECONDS } from '../src/data/window-rules.js';

/** The two Chainlink days of the ligengxin96 sample. */
const DAYS = ['2026-06-08', '2026-07-24'] as const;
const DERIVED = 'derived/btc5m_markets_2026-06-08_and_2026-07-24.csv.gz';

/** One second of one day's grid. */
interface DaySeries {
  firstSec: number;
  /** Price per second, USD with 8 decimals (string, exact), forward-filled. */
  price: string[];
  /** Seconds since the last real report (0 = a report in this second). */
  age: number[];
}

function readCsv(file: string): Array<Record<string, string>> {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new Error(`${file}:${i + 2}: ${cells.length} cells, expected ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, cells[j]!]));
  });
}

/** 1e18-scaled integer string → USD with 8 decimals, rounded half up (as the derived strikes are). */
function scaledToUsd8(fullAccuracy: string): string {
  const v = BigInt(fullAccuracy);
  if (v <= 0n) throw new Error(`non-positive price ${fullAccuracy}`);
  const units = (v + 5_000_000_000n) / 10_000_000_000n; // 1e-8 USD
  const s = units.toString().padStart(9, '0');
  return `${s.slice(0, -8)}.${s.slice(-8)}`;
}

function buildDay(file: string): DaySeries {
  const rows = readCsv(file);
  const best = new Map<number, { recv: number; price: string }>();
  for (const [i, r] of rows.entries()) {
    const ms = Number(r['feed_ts_ms']);
    const recv = Number(r['recv_ms']);
    if (!Number.isInteger(ms) || ms % 1000 !== 0) throw new Error(`${file}:${i + 2}: feed_ts_ms ${r['feed_ts_ms']} is not a whole second`);
    if (!Number.isFinite(recv)) throw new Error(`${file}:${i + 2}: bad recv_ms`);
    const sec = ms / 1000;
    const prev = best.get(sec);
    // The later recv_ms is the correction that counts; on a tie the later line wins.
    if (prev === undefined || recv >= prev.recv) best.set(sec, { recv, price: scaledToUsd8(r['full_accuracy_value']!) });
  }
  const secs = [...best.keys()].sort((a, b) => a - b);
  const firstSec = secs[0]!;
  const lastSec = secs[secs.length - 1]!;
  const price: string[] = [];
  const age: number[] = [];
  let last = '';
  let a = 0;
  for (let s = firstSec; s <= lastSec; s++) {
    const hit = best.get(s);
    if (hit) {
      last = hit.price;
      a = 0;
    } else a++;
    price.push(last);
    age.push(a);
  }
  return { firstSec, price, age };
}

function main(): void {
  const { values } = parseArgs({
    options: { source: { type: 'string' }, out: { type: 'string' } },
  });
  const outDir = values.out ?? defaultDataDir();
  const source = values.source ?? path.resolve(defaultDataDir(), '../../../../shared/data/market');
  mkdirSync(outDir, { recursive: true });

  const days = DAYS.map((d) => buildDay(path.join(source, `ligengxin96/BTCUSD-prices-${d}.csv.gz`)));
  const dayOf = (sec: number): DaySeries | undefined =>
    days.find((d) => sec >= d.firstSec && sec < d.firstSec + d.price.length);

  // Markets.
  const markets = readCsv(path.join(source, DERIVED)).sort((a, b) => Number(a['start_sec']) - Number(b['start_sec']));
  const out: string[] = [MARKET_COLUMNS.join(',')];
  let window = 0;
  const excluded: Record<string, number> = {};
  let strikeMismatch = 0;
  for (const m of markets) {
    const start = Number(m['start_sec']);
    const end = Number(m['end_sec']);
    if (end !== start + WINDOW_SECONDS) throw new Error(`${m['slug']}: end_sec ${end} is not start_sec + ${WINDOW_SECONDS}`);
    const day = dayOf(start);
    const inDay = day !== undefined && dayOf(end) === day;
    let reports = 0;
    let gap = 0;
    let maxGap = 0;
    for (let s = start; s <= end; s++) {
      const d = dayOf(s);
      const fresh = d !== undefined && d.age[s - d.firstSec] === 0;
      if (fresh) {
        reports++;
        gap = 0;
      } else maxGap = Math.max(maxGap, ++gap);
    }
    const coverage = reports / (WINDOW_SECONDS + 1);
    const hasStrike = m['strike_usd'] !== '';
    // The derived strikes were formatted from doubles, ours from the exact 1e18 integers: they may
    // differ by one unit in the 8th decimal on exact halves. Anything larger is a real mismatch.
    const atStart = day && day.age[start - day.firstSec] === 0 ? Number(day.price[start - day.firstSec]) : null;
    if (hasStrike && atStart !== null && Math.abs(atStart - Number(m['strike_usd'])) > 1.5e-8) {
      strikeMismatch++;
      console.error(`warning: ${m['slug']}: strike ${m['strike_usd']} != report at start ${atStart}`);
    }
    const reason = exclusionReason(hasStrike, inDay, coverage);
    if (reason) excluded[reason] = (excluded[reason] ?? 0) + 1;
    const row: Record<(typeof MARKET_COLUMNS)[number], string> = {
      slug: m['slug']!,
      start_sec: m['start_sec']!,
      end_sec: m['end_sec']!,
      start_utc: m['start_utc']!,
      strike_usd: m['strike_usd']!,
      chainlink_close_usd: m['chainlink_close_usd']!,
      close_tick_age_s: m['close_tick_age_s']!,
      outcome: m['outcome']!,
      fee_rate: m['fee_rate']!,
      fee_exponent: m['fee_exponent']!,
      rebate_rate: m['rebate_rate']!,
      order_min_size: m['order_min_size']!,
      tick_size_after_close: m['tick_size_after_close']!,
      coverage: coverage.toFixed(4),
      max_gap_s: String(maxGap),
      window: reason ? '' : String(window++),
      excluded: reason ?? '',
    };
    out.push(MARKET_COLUMNS.map((c) => row[c]).join(','));
  }
  writeFileSync(path.join(outDir, DATA_FILES.markets), out.join('\n') + '\n');

  // Chainlink 1-s grid, both days.
  const lines: string[] = ['sec,price_usd,age_s'];
  for (const d of days) {
    for (let i = 0; i < d.price.length; i++) lines.push(`${d.firstSec + i},${d.price[i]},${d.age[i]}`);
  }
  writeFileSync(path.join(outDir, DATA_FILES.chainlink), gzipSync(lines.join('\n') + '\n', { level: 9 }));

  // Byte copies (written, not copied, so the outputs do not inherit the read-only mode of the share).
  writeFileSync(path.join(outDir, DATA_FILES.ladder), readFileSync(path.join(source, 'houssem98/ladder.jsonl.gz')));
  writeFileSync(path.join(outDir, DATA_FILES.makerProbe), readFileSync(path.join(source, 'houssem98/maker_probe.jsonl.gz')));

  console.log(
    JSON.stringify({
      markets: markets.length,
      windows: window,
      excluded,
      strikeMismatch,
      chainlinkSeconds: lines.length - 1,
      outDir,
    }),
  );
}

main();
