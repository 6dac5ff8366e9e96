import type { IterationRecord } from '../../runlog/fold/iteration-record.js';

/** Default number of most recent iterations the report shows in full detail. */
export const DEFAULT_DETAIL_LIMIT = 200;

/**
 * Which iterations the report shows in full detail: the `limit` most recent ones, plus every
 * review iteration (their findings are the report's "Review iterations" section). Older tune
 * iterations stay in the table, charts and summary; `itercrew show <n>` prints any of them.
 *
 * @param limit a non-negative integer or Infinity (all).
 * @returns the ids, a Set.
 */
export function detailedIterationIds(records: readonly IterationRecord[], limit: number): Set<string> {
  const ids = new Set<string>();
  const from = Math.max(0, records.length - Math.max(0, limit));
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as IterationRecord;
    if (i >= from || r.kind === 'review') ids.add(r.iterationId);
  }
  return ids;
}
