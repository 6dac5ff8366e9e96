import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Names of the bundled data files inside the data directory (see data/README.md). */
export const DATA_FILES = {
  /** One row per market of the two Chainlink days (584), with its window index or the reason it was excluded. */
  markets: 'markets.csv',
  /** Chainlink BTC/USD on a 1-second grid over both days: `sec,price_usd,age_s`, gzipped. */
  chainlink: 'chainlink-btcusd-1s.csv.gz',
  /** houssem98 order-book samples at fixed offsets before close (unchanged copy). */
  ladder: 'houssem98-ladder.jsonl.gz',
  /** houssem98 read-only maker-quote probe over 196 windows (unchanged copy). */
  makerProbe: 'houssem98-maker-probe.jsonl.gz',
} as const;

/**
 * The bundled data directory, `examples/strategy-c/data/` in the project tree. Works from the
 * TypeScript sources and from the compiled `dist/` tree (the data stays beside the sources).
 *
 * @throws Error if no project root (a package.json outside dist/) is found above this module.
 */
export function defaultDataDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && path.basename(dir) !== 'dist') {
      return path.join(dir, 'examples', 'strategy-c', 'data');
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('strategy-c: cannot find the project root above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
