import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { DataError } from '../errors/data-error.js';
import { DATA_FILES, defaultDataDir } from '../data/files.js';
import { LADDER_OFFSETS, SPREAD_OFFSETS, type BookShapeFigures, type ProbeFigures } from './figures.js';

const Px = z.number().nullable();
const Side = z.object({ bid: Px, ask: Px });
const LadderWindow = z.object({
  winner: z.enum(['UP', 'DOWN']),
  samples: z.array(z.object({ offset: z.number(), up: Side, down: Side })),
});
const ProbeSide = z.object({ quote: Px, filled: z.boolean() });
const ProbeWindow = z.object({
  quote_at: z.number(),
  winner: z.enum(['UP', 'DOWN']),
  sides: z.object({ UP: ProbeSide, DOWN: ProbeSide }),
});

function readJsonLines<T>(file: string, schema: z.ZodType<T>): T[] {
  let text: string;
  try {
    text = gunzipSync(readFileSync(file)).toString('utf8');
  } catch (err) {
    throw new DataError('data_unreadable', file, (err as Error).message, { cause: err });
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (err) {
        throw new DataError('data_corrupt', file, `line ${i + 1}: not JSON`, { cause: err });
      }
      const r = schema.safeParse(json);
      if (!r.success) throw new DataError('data_corrupt', file, `line ${i + 1}: ${z.prettifyError(r.error).replace(/\n/g, '; ')}`);
      return r.data;
    });
}

/**
 * Book-shape figures of the real houssem98 ladder (203 windows, 2026-07-26/27).
 *
 * @param dataDir bundled data directory.
 */
export function realBookShape(dataDir: string = defaultDataDir()): BookShapeFigures {
  const windows = readJsonLines(path.join(dataDir, DATA_FILES.ladder), LadderWindow);
  let samples = 0;
  let oneTick = 0;
  let sum99 = 0;
  const present: Record<number, [number, number]> = {};
  for (const w of windows) {
    for (const s of w.samples) {
      const c = (present[s.offset] ??= [0, 0]);
      c[1]++;
      if (s.up.bid !== null && s.up.ask !== null) c[0]++;
      if (!(SPREAD_OFFSETS as readonly number[]).includes(s.offset)) continue;
      if (s.up.bid === null || s.up.ask === null || s.down.bid === null || s.down.ask === null) continue;
      samples++;
      // Compare in ticks: sub-cent prices (tick 0.001 near the extremes) are not one tick of 0.01.
      if (Math.abs((s.up.ask - s.up.bid) * 100 - 1) < 1e-6) oneTick++;
      if (Math.abs((s.up.bid + s.down.bid) * 100 - 99) < 1e-6) sum99++;
    }
  }
  const twoSidedByOffset: Record<number, number> = {};
  for (const off of LADDER_OFFSETS) {
    const c = present[off];
    if (c) twoSidedByOffset[off] = c[0] / c[1];
  }
  return { samples, oneTickSpread: oneTick / samples, bidSum99: sum99 / samples, twoSidedByOffset };
}

/**
 * Figures of the real houssem98 maker probe (196 windows, 2026-07-24..27).
 *
 * @param dataDir bundled data directory.
 */
export function realProbe(dataDir: string = defaultDataDir()): ProbeFigures {
  const windows = readJsonLines(path.join(dataDir, DATA_FILES.makerProbe), ProbeWindow);
  const f: ProbeFigures = { windows: windows.length, both: 0, one: 0, none: 0, oneSidedLost: 0 };
  for (const w of windows) {
    const up = w.sides.UP.filled;
    const down = w.sides.DOWN.filled;
    if (up && down) f.both++;
    else if (up || down) {
      f.one++;
      if ((up ? 'UP' : 'DOWN') !== w.winner) f.oneSidedLost++;
    } else f.none++;
  }
  return f;
}
