import type { IterationRecord } from '../../runlog/fold/iteration-record.js';

/**
 * One line saying what an iteration decided, for the iterations table: `keep current config —
 * tuner-2` or `option 2 by tuner-1: "option 2 has the most votes"`; without a decision, the
 * iteration's reason (why it ended), e.g. `no valid proposal`.
 */
export function decisionHeadline(r: IterationRecord): string {
  const d = r.decision;
  if (d === undefined) return r.complete ? r.reason : 'no decision yet';
  const who = d.byName ?? d.by;
  const what = d.option === 0 || Object.keys(d.changes).length === 0 ? 'keep current config' : `option ${d.option}`;
  return d.rationale ? `${what} by ${who}: ${d.rationale}` : `${what} by ${who}`;
}
