/**
 * Calibration figures, computed the same way from the real samples (real-figures.ts) and from
 * the simulator (simulated-figures.ts), so the two can be compared one to one.
 */

/** Offsets (seconds before close) of the houssem98 ladder samples. */
export const LADDER_OFFSETS = [120, 90, 60, 45, 30, 20, 10] as const;

/** Offsets over which the spread figures are taken ("T-120…T-60"). */
export const SPREAD_OFFSETS = [120, 90, 60] as const;

/** Shape of the book top. */
export interface BookShapeFigures {
  /** Samples at T-120/90/60 where both tokens have a bid and an ask. */
  samples: number;
  /** Of those, the fraction with a one-tick (0.01) Up spread. */
  oneTickSpread: number;
  /** Of those, the fraction with Up bid + Down bid = 0.99. */
  bidSum99: number;
  /** Per offset: fraction of samples where the Up book has both a bid and an ask. */
  twoSidedByOffset: Record<number, number>;
}

/** Outcome of the maker probe (a 5-share bid joining the touch on both tokens). */
export interface ProbeFigures {
  /** Windows probed. */
  windows: number;
  /** Windows where both bids filled. */
  both: number;
  /** Windows where exactly one bid filled. */
  one: number;
  /** Windows where neither filled. */
  none: number;
  /** One-sided fills whose filled side lost at settlement. */
  oneSidedLost: number;
}
