import type { Params } from '../../target/evaluate-protocol.js';
import { applyParamChanges } from '../../target/diff/params-diff.js';
import type { Segment } from '../../runlog/events/event-base.js';
import type { IterationRecord, IterationRecordStatus } from '../../runlog/fold/iteration-record.js';

/** Statuses in the order the report lists them (DESIGN.md "Run log", plus `incomplete`). */
export const REPORT_STATUSES: readonly IterationRecordStatus[] = ['applied', 'no_change', 'rejected', 'failed', 'reverted', 'skipped', 'incomplete'];

/** Agent tokens summed over iterations (LLM runtimes report them in agent_exited). */
export interface TokenTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

/** The iteration whose measured PnL was highest, and the config it measured. */
export interface BestIteration {
  iterationId: string;
  n?: number;
  /** Measured PnL (quote currency). */
  pnl: number;
  /** PnL of the starting config on the same segment, if measured. */
  baselinePnl?: number;
  segment: Segment;
  /** The config in force during the measurement: the iteration's base params with its diff applied (absent if the log lacks iteration_started). */
  params?: Params;
  /** The commit holding that config: the iteration's own commit, else its base commit; null if unknown. */
  commit: string | null;
}

/** The report's summary figures, all computed from the folded run log. */
export interface ReportSummary {
  /** Number of iteration records. */
  iterations: number;
  /** Count per status (every status of {@link REPORT_STATUSES} present, zero when none). */
  byStatus: Record<IterationRecordStatus, number>;
  /** Iterations by kind. */
  tune: number;
  review: number;
  /** Iterations with a measured PnL. */
  measured: number;
  /** Sum of measured PnL over all iterations (quote currency); equals the last record's cumulativePnl. */
  cumulativePnl: number;
  best?: BestIteration;
  /** Agent cost: USD summed over agents that reported one, how many agents ran and how many reported a cost. */
  cost: { usd: number; agents: number; agentsReporting: number; tokens: TokenTotals };
  /** First iteration start to last event (finish, or start of a still-open iteration). */
  span?: { from: string; to: string; ms: number };
}

/**
 * Summarises iteration records: counts by status and kind, cumulative PnL, the best measured
 * iteration (highest PnL; the first one on ties) with its config and commit, agent cost and tokens,
 * and the time span. O(iterations + agents).
 */
export function summarize(records: readonly IterationRecord[]): ReportSummary {
  const byStatus = Object.fromEntries(REPORT_STATUSES.map((s) => [s, 0])) as Record<IterationRecordStatus, number>;
  const tokens: TokenTotals = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  let tune = 0;
  let review = 0;
  let measured = 0;
  let cumulativePnl = 0;
  let bestRecord: IterationRecord | undefined;
  let usd = 0;
  let agents = 0;
  let agentsReporting = 0;
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.kind === 'review') review++;
    else tune++;
    if (r.pnl !== undefined) {
      measured++;
      cumulativePnl += r.pnl.pnl;
      if (bestRecord === undefined || r.pnl.pnl > (bestRecord.pnl as { pnl: number }).pnl) bestRecord = r;
    }
    for (const a of r.agents) {
      agents++;
      if (a.costUsd !== undefined) {
        agentsReporting++;
        usd += a.costUsd;
      }
      if (a.tokens !== undefined) {
        tokens.input += a.tokens.input ?? 0;
        tokens.output += a.tokens.output ?? 0;
        tokens.cacheRead += a.tokens.cacheRead ?? 0;
        tokens.cacheCreation += a.tokens.cacheCreation ?? 0;
      }
    }
    const start = Date.parse(r.startedAt);
    const end = r.finishedAt !== undefined ? Date.parse(r.finishedAt) : start;
    if (start < from) from = start;
    if (end > to) to = end;
  }
  const summary: ReportSummary = {
    iterations: records.length,
    byStatus,
    tune,
    review,
    measured,
    cumulativePnl,
    cost: { usd, agents, agentsReporting, tokens },
  };
  if (bestRecord?.pnl !== undefined) {
    const p = bestRecord.pnl;
    summary.best = {
      iterationId: bestRecord.iterationId,
      ...(bestRecord.n !== undefined ? { n: bestRecord.n } : {}),
      pnl: p.pnl,
      ...(p.baselinePnl !== undefined ? { baselinePnl: p.baselinePnl } : {}),
      segment: p.segment,
      ...(bestRecord.baseParams !== undefined ? { params: applyParamChanges(bestRecord.baseParams, bestRecord.diff) } : {}),
      commit: bestRecord.commit?.sha ?? bestRecord.baseCommit ?? null,
    };
  }
  if (Number.isFinite(from) && Number.isFinite(to)) summary.span = { from: new Date(from).toISOString(), to: new Date(to).toISOString(), ms: to - from };
  return summary;
}
