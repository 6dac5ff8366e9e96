import type { IterationRecord } from '../runlog/fold/iteration-record.js';
import { applyParamChanges, formatParamsDiff } from '../target/diff/params-diff.js';
import type { BriefHistoryEntry } from './room-messages.js';

/**
 * The last `k` finished iterations as agents see them in the brief, oldest first: status, diff,
 * holdout PnL (and the PnL the previous config earned on the same segment), commit, the params in
 * force during the measured segment (base params with the committed diff applied — or the base
 * params when the acceptance gate reverted the change before the measurement), the commit of that
 * config, the acceptance gate's verdict and the safety flags.
 */
export function briefHistory(records: readonly IterationRecord[], k: number): BriefHistoryEntry[] {
  if (k <= 0) return [];
  return records
    .filter((r) => r.complete && r.n !== undefined)
    .slice(-k)
    .map((r) => {
      const undone = r.revert !== undefined && r.revert.restored === undefined; // git revert of the iteration's own change
      const entry: BriefHistoryEntry = {
        n: r.n as number,
        iterationId: r.iterationId,
        kind: r.kind ?? 'tune',
        status: r.status,
        diff: r.diff.length ? formatParamsDiff(r.diff) : 'no change',
        pnl: r.pnl?.pnl ?? null,
        baselinePnl: r.pnl?.baselinePnl ?? null,
        commit: r.commit?.sha ?? null,
        params: r.baseParams ? (undone ? r.baseParams : applyParamChanges(r.baseParams, r.diff)) : null,
        configCommit: r.revert?.commit ?? r.commit?.sha ?? r.baseCommit ?? null,
      };
      const flags = safetyFlags(r);
      if (flags.length > 0) entry.flags = flags;
      if (r.acceptance) entry.gate = { kept: r.acceptance.kept, reason: r.acceptance.reason };
      return entry;
    });
}

/** Short flags for an iteration: `no_effect:<param>`, `discarded_by_gate`, `guardrail:<name>`, `live_regression`, `reverted_by_review`. */
export function safetyFlags(r: IterationRecord): string[] {
  const flags: string[] = [];
  for (const f of r.flags ?? []) flags.push(`${f.flag}:${f.param}`);
  if (r.acceptance && !r.acceptance.kept) {
    flags.push('discarded_by_gate');
    for (const g of r.acceptance.guardrails) if (!g.ok) flags.push(`guardrail:${g.name}`);
  }
  if (r.liveCheck?.regression) flags.push('live_regression');
  if (r.revert?.by === 'review') flags.push('reverted_by_review');
  return flags;
}
