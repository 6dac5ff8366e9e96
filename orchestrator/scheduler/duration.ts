import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses a duration: a number of milliseconds, or a string `<number><unit>` with unit `ms`, `s`,
 * `m`, `h` or `d` (`"15m"`, `"30s"`, `"1.5h"`); several parts may follow each other (`"1h30m"`).
 *
 * @returns milliseconds (an integer).
 * @throws RangeError for anything else (negative, empty, unknown unit).
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`a duration must be a non-negative number of milliseconds, got ${value}`);
    return Math.round(value);
  }
  const text = value.trim();
  const part = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (let m = part.exec(text); m; m = part.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
    matched = part.lastIndex;
  }
  if (text === '' || matched !== text.length) throw new RangeError(`not a duration: ${JSON.stringify(value)} (write e.g. 15m, 30s, 1h30m or a number of milliseconds)`);
  return Math.round(total);
}

/** Formats milliseconds the way {@link parseDuration} reads them, largest units first (`900000` → `15m`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['d', UNIT_MS.d], ['h', UNIT_MS.h], ['m', UNIT_MS.m], ['s', UNIT_MS.s], ['ms', 1]] as const) {
    const k = Math.floor(rest / size);
    if (k > 0) {
      out += `${k}${unit}`;
      rest -= k * size;
    }
  }
  return out;
}

/** A positive duration in settings: `"15m"` or a number of milliseconds; parsed to milliseconds. */
export const DurationSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  try {
    const ms = parseDuration(value);
    if (ms <= 0) throw new RangeError('a duration must be positive');
    return ms;
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});
