import type { FeeScheduleName } from '../model/fees.js';

/**
 * Strategy C's parameters, by the names the orchestrator's target definition uses. Defaults are
 * seed 000's iteration-55 values; the hard limits the model enforces are in param-specs.ts.
 * Prices and edges are in USDC per share (0..1), sizes in shares, times in seconds.
 */
export interface StrategyParams {
  /** Volatility of the reference over 300 s, fraction, in the Brownian fair value. Default 0.003. */
  sigma: number;
  /** Weight w of the Brownian (coordinator) fair value in the blend; 1 − w goes to book mid + delta. Default 0.6. */
  fv_blend_weight: number;
  /** EMA smoothing factor of p_up per 1-s update. Default 0.05. */
  ema_alpha: number;
  /** Suppress the YES bid when ema < 0.5 − band, the NO bid when ema > 0.5 + band. Default 0.10. */
  ema_suppress_band: number;
  /** An opening bid sits at least this far below fair. Default 0.025. */
  half_spread_base: number;
  /** Gain on the fair-vs-book displacement when anchoring a bid to the book's best bid:
   * bid = best bid + gain · (fair − mid). 0 = join the touch; 1 = shift by the whole displacement. Default 1. */
  displacement_offset: number;
  /** Shares per order. Default 8. */
  bid_size: number;
  /** Largest |YES shares − NO shares| in a market. Default 8. */
  max_unpaired: number;
  /** Largest YES + NO shares in a market. Default 24. */
  total_position_cap: number;
  /** Seconds between orders on a side, and after a fill on it, before the next. Default 3. */
  order_cooldown: number;
  /** Taker edge after fee needed in the green zone (the amber zone needs 2×). Default 0.05. */
  taker_min_edge: number;
  /** A bid that pairs existing inventory may sit up to this far above fair. Default 0.03. */
  max_bid_premium: number;
  /** No bid above this price. Default 0.72. */
  abs_bid_ceiling: number;
  /** Pair-cost guard: YES bid + NO bid ≤ this, and every buy keeps avg YES + avg NO cost ≤ this. Default 0.98. */
  pair_cost_max: number;
  /** Seconds before close after which no maker quotes rest (the book thins). Default 30. */
  quote_cutoff: number;
  /** Fee schedule: `rate` (the data's per-market fee) or `quartic` (seed 000). Default `rate`. Not tuned. */
  fee_schedule: FeeScheduleName;
  /** Taker fee rate of the `rate` schedule. Default 0.07. Not tuned. */
  fee_rate: number;
  /** Share of the taker fee paid back to makers as rebate. Default 0.2. Not tuned. */
  rebate_share: number;
}

/** Name of a Strategy C parameter. */
export type ParamName = keyof StrategyParams;
