import type { IterationRecord, IterationRecordStatus } from '../../runlog/fold/iteration-record.js';
import { ReportError } from '../errors/index.js';
import { REPORT_STATUSES } from '../model/report-summary.js';

/** Where `--since` starts: a time (iterations started at or after it) or an iteration number (n ≥ it). */
export type Since = { kind: 'time'; from: Date } | { kind: 'iteration'; n: number };

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses `--since`: an ISO date or date-time (`2026-02-24`, `2026-02-24T15:00Z`; a date alone is
 * midnight UTC), a duration ago (`90s`, `30m`, `6h`, `2d`, `1w`), or an iteration number (`40`:
 * iterations numbered 40 and later).
 *
 * @param now the clock for durations. Default now.
 * @throws ReportError `report_bad_filter` naming the accepted forms.
 */
export function parseSince(text: string, now: Date = new Date()): Since {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { kind: 'iteration', n: Number(t) };
  const ago = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/i.exec(t);
  if (ago) return { kind: 'time', from: new Date(now.getTime() - Number(ago[1]) * (UNIT_MS[(ago[2] as string).toLowerCase()] as number)) };
  if (/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(t)) {
    const ms = Date.parse(t.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return { kind: 'time', from: new Date(ms) };
  }
  throw new ReportError(
    'report_bad_filter',
    `--since ${JSON.stringify(text)}: expected an ISO date or date-time (2026-02-24, 2026-02-24T15:00Z), a duration ago (30m, 6h, 2d, 1w) or an iteration number (40)`,
  );
}

/**
 * Parses `--status`: statuses separated by commas, e.g. `applied,failed` (`no-change` and
 * `no change` are read as `no_change`; `incomplete` selects iterations without iteration_finished).
 *
 * @throws ReportError `report_bad_filter` naming the known statuses.
 */
export function parseStatuses(text: string): Set<IterationRecordStatus> {
  const out = new Set<IterationRecordStatus>();
  for (const raw of text.split(',')) {
    const s = raw.trim().toLowerCase().replace(/[- ]/g, '_');
    if (s === '') continue;
    if (!(REPORT_STATUSES as readonly string[]).includes(s))
      throw new ReportError('report_bad_filter', `--status: unknown status ${JSON.stringify(raw.trim())}; known: ${REPORT_STATUSES.join(', ')}`);
    out.add(s as IterationRecordStatus);
  }
  if (out.size === 0) throw new ReportError('report_bad_filter', `--status: no status given; known: ${REPORT_STATUSES.join(', ')}`);
  return out;
}

/** Filters of `itercrew log` (and anything else listing iterations). */
export interface IterationFilter {
  since?: Since;
  statuses?: ReadonlySet<IterationRecordStatus>;
}

/**
 * The records that pass every given filter, in their order. `since` by time compares the
 * iteration's start; by number, its n (records without a number are kept only by time filters
 * when their start qualifies).
 */
export function filterIterations(records: readonly IterationRecord[], filter: IterationFilter): IterationRecord[] {
  const { since, statuses } = filter;
  const from = since?.kind === 'time' ? since.from.getTime() : 0;
  return records.filter((r) => {
    if (statuses !== undefined && !statuses.has(r.status)) return false;
    if (since === undefined) return true;
    if (since.kind === 'iteration') return r.n !== undefined && r.n >= since.n;
    const t = Date.parse(r.startedAt);
    return !Number.isNaN(t) && t >= from;
  });
}
