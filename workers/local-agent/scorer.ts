import type { Params, WindowRange } from '../../orchestrator/target/evaluate-protocol.js';
import { EvaluateRunner } from '../../orchestrator/target/evaluate/evaluate-runner.js';

/** Options of {@link InSampleScorer}. */
export interface InSampleScorerOptions {
  /** The target's evaluate runner. */
  runner: EvaluateRunner;
  /** Windows the agent may evaluate (from the brief); never the live segment. */
  inSample: WindowRange;
  /** Metric to score (from the brief's objective). Default `pnl`. */
  metric?: string;
  /** `maximise` (default) or `minimise`; scores are oriented so that higher is always better. */
  direction?: 'maximise' | 'minimise';
  /** Cancels running evaluations (the agent was told to stop). */
  signal?: AbortSignal;
}

/**
 * Scores candidate configs on the in-sample windows through the target's evaluate command,
 * one process start per batch, with a cache so the same config is evaluated once. A candidate
 * the target refuses scores −Infinity (it can never win). Scores are oriented: higher is better.
 */
export class InSampleScorer {
  private readonly cache = new Map<string, number>();
  /** Candidates actually evaluated (cache misses). */
  evaluated = 0;
  /** Wall time spent in evaluate, ms. */
  evalMs = 0;

  constructor(private readonly options: InSampleScorerOptions) {}

  /**
   * Scores each params set (full configs, not change sets).
   * @throws EvaluateError when the evaluate command fails as a whole.
   */
  async score(candidates: readonly Params[]): Promise<number[]> {
    const keys = candidates.map((p) => canonicalKey(p));
    const missing = [...new Set(keys.filter((k) => !this.cache.has(k)))];
    if (missing.length > 0) {
      const started = Date.now();
      const results = await this.options.runner.evaluate(
        missing.map((k, i) => ({ id: `s${this.evaluated + i}`, params: JSON.parse(k) as Params, windows: this.options.inSample })),
        { signal: this.options.signal },
      );
      this.evalMs += Date.now() - started;
      this.evaluated += missing.length;
      const metric = this.options.metric ?? 'pnl';
      const sign = this.options.direction === 'minimise' ? -1 : 1;
      results.forEach((r, i) => {
        const value = r.ok ? (r.metrics as Record<string, unknown>)[metric] : undefined;
        this.cache.set(missing[i] as string, typeof value === 'number' && Number.isFinite(value) ? sign * value : -Infinity);
      });
    }
    return keys.map((k) => this.cache.get(k) as number);
  }
}

/** A stable text key of a params object (sorted keys). */
export function canonicalKey(params: Params): string {
  return JSON.stringify(Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}
