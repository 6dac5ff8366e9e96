import type { IterationKind, IterationStatus } from '../runlog/events/iteration-events.js';

/** What one iteration came to; also what `itercrew run` prints a row of. */
export interface IterationResult {
  iterationId: string;
  n: number;
  kind: IterationKind;
  status: IterationStatus;
  /** Why, for people. */
  reason: string;
  /** The decision, or null when the iteration ended before one. */
  decision: { option: number; byName: string; fallback: boolean } | null;
  /** `param: old → new, …` of the committed change, or `no change`. */
  diff: string;
  /** PnL on the live segment (quote currency), or null if not measured. */
  pnl: number | null;
  /** PnL of the starting config on the same segment, or null. */
  baselinePnl: number | null;
  /** Full sha of the config commit, or null. */
  commit: string | null;
  /** Phase timings in order: duration (ms) and start (epoch ms; absent when the iteration was read back from the run log). */
  phases: Array<{ phase: string; startedAt?: number; durationMs: number }>;
  /** Wall time of the whole iteration, ms. */
  durationMs: number;
  /** Time the measurement spent in the target's evaluate command, ms. */
  measureEvalMs: number;
  /** True when the iteration had already finished in the run log and was not run again. */
  alreadyFinished: boolean;
}
