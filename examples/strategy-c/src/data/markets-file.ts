import { z } from 'zod';

/**
 * Columns of the bundled `markets.csv`, in order. One row per market of the two Chainlink
 * days, sorted by `start_sec`. Prices in USD, times in Unix seconds, fees as fractions.
 *
 * - `slug, start_sec, end_sec, start_utc, strike_usd, chainlink_close_usd, close_tick_age_s,
 *   outcome, fee_rate, fee_exponent, rebate_rate, order_min_size, tick_size_after_close`:
 *   copied from the shared derived CSV (see data/README.md); `strike_usd` is empty when the
 *   market has none.
 * - `coverage`: fraction of the window's 301 seconds `[start_sec, end_sec]` with a real report.
 * - `max_gap_s`: longest run of seconds without a report inside the window.
 * - `window`: the backtest window index (0..N−1, chronological), empty when excluded.
 * - `excluded`: why the market is not a window (see window-rules.ts), empty for windows.
 */
export const MARKET_COLUMNS = [
  'slug',
  'start_sec',
  'end_sec',
  'start_utc',
  'strike_usd',
  'chainlink_close_usd',
  'close_tick_age_s',
  'outcome',
  'fee_rate',
  'fee_exponent',
  'rebate_rate',
  'order_min_size',
  'tick_size_after_close',
  'coverage',
  'max_gap_s',
  'window',
  'excluded',
] as const;

const intString = z.string().regex(/^-?\d+$/, 'expected an integer').transform(Number);
const numberString = z
  .string()
  .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'expected a number')
  .transform(Number);
const optional = <T extends z.ZodType>(inner: T) => z.union([z.literal('').transform(() => null), inner]);

/** One parsed row of markets.csv (strings in, typed values out). */
export const MarketRowSchema = z
  .object({
    slug: z.string().regex(/^btc-updown-5m-\d+$/, 'expected btc-updown-5m-<start>'),
    start_sec: intString,
    end_sec: intString,
    start_utc: z.string(),
    strike_usd: optional(numberString),
    chainlink_close_usd: optional(numberString),
    close_tick_age_s: optional(intString),
    outcome: z.enum(['up', 'down']),
    fee_rate: numberString,
    fee_exponent: numberString,
    rebate_rate: numberString,
    order_min_size: numberString,
    tick_size_after_close: optional(numberString),
    coverage: numberString,
    max_gap_s: intString,
    window: optional(intString),
    excluded: z.union([z.literal(''), z.enum(['no_strike', 'no_price_series', 'low_coverage'])]),
  })
  .refine((r) => r.end_sec === r.start_sec + 300, { message: 'end_sec must be start_sec + 300' })
  .refine((r) => (r.window === null) === (r.excluded !== ''), {
    message: 'a row has either a window index or an exclusion reason',
  })
  .refine((r) => r.window === null || r.strike_usd !== null, { message: 'a window needs a strike' });
export type MarketRow = z.infer<typeof MarketRowSchema>;
