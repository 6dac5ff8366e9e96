import type { ParamValue } from '../../target/evaluate-protocol.js';
import { formatNumber } from '../../target/space/grid.js';
import type { IterationRecordStatus } from '../../runlog/fold/iteration-record.js';
import type { Span, Tone } from './blocks.js';

/**
 * How the report writes values: money with a sign and 2 decimals, costs in USD, durations in the
 * largest sensible unit, times in UTC, shas shortened to 7 characters.
 */

/** Signed money with 2 decimals (`+1.23`, `-0.40`, `+0.00`), or `n/a` for absent/non-finite. */
export function formatPnl(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const s = x.toFixed(2);
  return s.startsWith('-') ? (s === '-0.00' ? '+0.00' : s) : `+${s}`;
}

/**
 * A number without float noise: `0.1 + 0.2` → `0.3`, `12.100000000000001` → `12.1` (12
 * significant digits), otherwise exactly as JavaScript prints it.
 */
export function cleanNumber(x: number): string {
  const s = String(x);
  // Noise needs more than 12 significant digits, so short strings are already clean.
  return s.length <= 12 ? s : formatNumber(x);
}

const NA: Span = { text: 'n/a', tone: 'muted' };

/** A PnL as a coloured span: green for a profit, red for a loss; the exact value on hover unless `exact` is false. */
export function pnlSpan(x: number | null | undefined, options: { exact?: boolean } = {}): Span {
  if (x === null || x === undefined || !Number.isFinite(x)) return NA;
  const tone = x > 0 ? 'good' : x < 0 ? 'bad' : 'muted';
  return options.exact === false ? { text: formatPnl(x), tone } : { text: formatPnl(x), tone, title: cleanNumber(x) };
}

/** US dollars: `$0.1234` under a dollar, `$12.34` above; `n/a` when absent. */
export function formatUsd(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  return Math.abs(x) < 1 && x !== 0 ? `$${x.toFixed(4)}` : `$${x.toFixed(2)}`;
}

/** A token count with thousands separators (`12,345`). */
export function formatCount(x: number): string {
  return String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Milliseconds as `850 ms`, `12.3 s`, `4 min 05 s`, `3 h 12 min`, `2 d 4 h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** An ISO timestamp as `2026-02-24 15:15:00 UTC` (the input unchanged if it does not parse). */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined) return 'n/a';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** First 7 characters of a commit sha, `-` for none. */
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : '-';
}

/** A parameter value: numbers without float noise (`0.0022`), strings bare, booleans as words, absent as `(unset)`. */
export function formatValue(value: ParamValue | null | undefined): string {
  if (value === null || value === undefined) return '(unset)';
  return typeof value === 'number' ? cleanNumber(value) : String(value);
}

/** Any JSON-able value on one line: strings bare, numbers without float noise, the rest as compact JSON. */
export function formatAny(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return cleanNumber(value);
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Evidence or any small record as people read it: a plain object as `key=value, …` (numbers
 * without float noise, nested values as JSON), anything else as {@link formatAny}.
 */
export function formatRecord(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return formatAny(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}=${formatAny(v)}`)
    .join(', ');
}

/** Tone of an iteration status. */
export function statusTone(status: IterationRecordStatus): Tone | undefined {
  switch (status) {
    case 'applied':
      return 'good';
    case 'failed':
      return 'bad';
    case 'rejected':
    case 'reverted':
    case 'incomplete':
      return 'warn';
    case 'no_change':
    case 'skipped':
      return 'muted';
  }
}

/** Status as people read it: `no change` for `no_change`. */
export function statusLabel(status: IterationRecordStatus): string {
  return status.replace(/_/g, ' ');
}

const STATUS_SPANS = new Map<IterationRecordStatus, Span>();

/** An iteration status as a coloured span (one shared, read-only span per status). */
export function statusSpan(status: IterationRecordStatus): Span {
  let span = STATUS_SPANS.get(status);
  if (span === undefined) {
    const tone = statusTone(status);
    span = Object.freeze(tone === undefined ? { text: statusLabel(status) } : { text: statusLabel(status), tone });
    STATUS_SPANS.set(status, span);
  }
  return span;
}
