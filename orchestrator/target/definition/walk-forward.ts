import type { WindowRange } from '../evaluate-protocol.js';
import type { WalkForward } from './target.js';

/** The data windows of one tune iteration: the hidden live segment and the in-sample range before it. */
export interface IterationWindows {
  /** Windows the decided config is measured on; no agent sees them. `[from, to)`. */
  segment: WindowRange;
  /** Windows agents may evaluate: the `inSampleWindows` right before the segment (fewer near the start). */
  inSample: WindowRange;
}

/**
 * The windows of iteration `n` (1-based) under walk-forward measurement: segment
 * `[startWindow + (n−1)·segmentWindows, + segmentWindows)`, in-sample the `inSampleWindows`
 * windows before it (clipped at 0).
 *
 * @param totalWindows windows the target has (evaluate `info().windows`).
 * @returns undefined when the segment would run past the data (the walk has reached the end) or
 *   when no in-sample window precedes it.
 */
export function iterationWindows(walkForward: WalkForward, n: number, totalWindows: number): IterationWindows | undefined {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`iteration number must be a positive integer, got ${n}`);
  const from = walkForward.startWindow + (n - 1) * walkForward.segmentWindows;
  const to = from + walkForward.segmentWindows;
  if (to > totalWindows || from < 1) return undefined;
  return { segment: { from, to }, inSample: { from: Math.max(0, from - walkForward.inSampleWindows), to: from } };
}
