import type { BriefHistoryEntry, ReviewBrief } from '../iteration/room-messages.js';
import type { Params } from '../target/evaluate-protocol.js';
import { REVIEW_ACTION_KINDS } from './review-actions.js';

/** A stable text key of a params object (sorted keys): configs with the same key are the same config. */
export function configKey(params: Params): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}

/**
 * The review part of a review iteration's brief: the distinct configs the reviewed iterations
 * ran (by their params; the most recent commit of each), each with the iterations measured under
 * it, their holdout PnL and its mean — the candidates for "revert to commit X" — and the action
 * kinds. The config in force is marked `current` (and listed even if it was never measured).
 */
export function reviewBrief(history: readonly BriefHistoryEntry[], current: { params: Params; commit: string }): ReviewBrief {
  const byKey = new Map<string, ReviewBrief['commits'][number]>();
  for (const h of history) {
    if (!h.params || !h.configCommit) continue;
    const key = configKey(h.params);
    const entry = byKey.get(key) ?? { commit: h.configCommit, params: h.params, iterations: [], pnl: [], meanPnl: null, current: false };
    entry.commit = h.configCommit;
    if (h.pnl !== null) {
      entry.iterations.push(h.n);
      entry.pnl.push(h.pnl);
    }
    byKey.delete(key); // re-insert: the order is by most recent use
    byKey.set(key, entry);
  }
  const currentKey = configKey(current.params);
  if (!byKey.has(currentKey)) byKey.set(currentKey, { commit: current.commit, params: current.params, iterations: [], pnl: [], meanPnl: null, current: true });
  const commits = [...byKey.entries()].map(([key, c]) => ({
    ...c,
    commit: key === currentKey ? current.commit : c.commit,
    current: key === currentKey,
    meanPnl: c.pnl.length > 0 ? c.pnl.reduce((a, b) => a + b, 0) / c.pnl.length : null,
  }));
  return { commits, actions: [...REVIEW_ACTION_KINDS] };
}
