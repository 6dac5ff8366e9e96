import type { IterationRecord } from '../../runlog/fold/iteration-record.js';
import type { FrozenParam } from './step-limits.js';

/**
 * Parameters frozen by review iterations, derived from the run log (the durable record): every
 * `action_taken` that froze or unfroze a parameter, in log order, the last one per parameter
 * winning. So a freeze survives restarts and shows in every later brief until a review unfreezes it.
 */
export function frozenByReviews(records: readonly IterationRecord[]): FrozenParam[] {
  const state = new Map<string, FrozenParam | null>();
  for (const r of records) {
    const a = r.actionTaken;
    if (!a?.done || typeof a.action.param !== 'string') continue;
    if (a.action.kind === 'freeze') state.set(a.action.param, { param: a.action.param, by: `review iteration ${r.n !== undefined ? `#${r.n}` : r.iterationId}` });
    else if (a.action.kind === 'unfreeze') state.set(a.action.param, null);
  }
  return [...state.values()].filter((f): f is FrozenParam => f !== null);
}

/**
 * Every frozen parameter for an iteration: the settings' list, the target's list, then review
 * freezes (first source wins for the `by` text). Names outside `known` (a target's tunable
 * parameters) are dropped: a settings-wide list may name parameters other targets do not have.
 */
export function mergeFrozen(known: readonly string[], ...lists: ReadonlyArray<readonly FrozenParam[]>): FrozenParam[] {
  const out: FrozenParam[] = [];
  for (const list of lists) for (const f of list) if (known.includes(f.param) && !out.some((o) => o.param === f.param)) out.push(f);
  return out;
}
