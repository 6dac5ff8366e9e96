import type { WindowRange } from '../target/evaluate-protocol.js';
import type { IterationWindows } from '../target/definition/walk-forward.js';
import { iterationWindows } from '../target/definition/walk-forward.js';
import type { WalkForward } from '../target/definition/target.js';

/** The windows of one iteration when the acceptance gate holds some out. */
export interface GatedIterationWindows extends IterationWindows {
  /**
   * Windows right before the live segment that no agent sees: the acceptance gate judges the
   * decided change on them. `[from, to)`; absent when nothing is held out.
   */
  validation?: WindowRange;
}

/**
 * The walk-forward windows of iteration `n` with `validationWindows` held out for the acceptance
 * gate: the live segment is where walk-forward puts it (`iterationWindows`), the validation
 * windows are the `validationWindows` right before it, and the agents' in-sample range is the
 * `inSampleWindows` before those (clipped at 0). With `validationWindows` 0 this is exactly
 * `iterationWindows`.
 *
 * @returns undefined when the segment runs past the data, or when no in-sample window is left
 *   before the validation windows.
 */
export function gatedIterationWindows(walkForward: WalkForward, validationWindows: number, n: number, totalWindows: number): GatedIterationWindows | undefined {
  const plain = iterationWindows(walkForward, n, totalWindows);
  if (!plain || validationWindows <= 0) return plain;
  const from = plain.segment.from - validationWindows;
  if (from < 1) return undefined;
  return {
    segment: plain.segment,
    validation: { from, to: plain.segment.from },
    inSample: { from: Math.max(0, from - walkForward.inSampleWindows), to: from },
  };
}
