import { z } from 'zod';
import { DataError } from '../errors/data-error.js';
import { MARKET_COLUMNS, MarketRowSchema, type MarketRow } from './markets-file.js';

/**
 * Parse and validate `markets.csv`.
 *
 * @param text file contents.
 * @param file path, for error messages.
 * @returns the rows, typed, in file order; window indices are checked to run 0..N−1 in order.
 * @throws DataError `data_corrupt` naming the line and the field on any malformed row.
 */
export function readMarkets(text: string, file: string): MarketRow[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines[0] ?? '';
  if (header !== MARKET_COLUMNS.join(',')) throw new DataError('data_corrupt', file, `line 1: unexpected header ${JSON.stringify(header.slice(0, 120))}`);
  const rows: MarketRow[] = [];
  let nextWindow = 0;
  let lastStart = -Infinity;
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    if (cells.length !== MARKET_COLUMNS.length) {
      throw new DataError('data_corrupt', file, `line ${i + 1}: ${cells.length} columns, expected ${MARKET_COLUMNS.length}`);
    }
    const raw = Object.fromEntries(MARKET_COLUMNS.map((c, j) => [c, cells[j]!]));
    const parsed = MarketRowSchema.safeParse(raw);
    if (!parsed.success) throw new DataError('data_corrupt', file, `line ${i + 1}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
    const row = parsed.data;
    if (row.start_sec <= lastStart) throw new DataError('data_corrupt', file, `line ${i + 1}: rows must be sorted by start_sec`);
    lastStart = row.start_sec;
    if (row.window !== null) {
      if (row.window !== nextWindow) throw new DataError('data_corrupt', file, `line ${i + 1}: window ${row.window}, expected ${nextWindow}`);
      nextWindow++;
    }
    rows.push(row);
  }
  if (nextWindow === 0) throw new DataError('data_corrupt', file, 'no windows');
  return rows;
}
