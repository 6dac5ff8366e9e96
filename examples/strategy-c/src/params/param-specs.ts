import type { ParamName, StrategyParams } from './strategy-params.js';

/** Definition of one parameter: type, default, hard limits, unit and meaning. */
export type ParamSpec =
  | {
      readonly kind: 'float' | 'int';
      readonly default: number;
      /** Inclusive hard limits; values outside are refused (`out_of_range`). */
      readonly min: number;
      readonly max: number;
      readonly unit: string;
      /** Whether the orchestrator tunes it (fee settings are fixed facts of the market). */
      readonly tuned: boolean;
      readonly doc: string;
    }
  | {
      readonly kind: 'enum';
      readonly default: string;
      readonly values: readonly string[];
      readonly unit: string;
      readonly tuned: boolean;
      readonly doc: string;
    };

/**
 * Every parameter of Strategy C. Defaults are seed 000's iteration-55 values; the limits are the
 * model's own sanity bounds (sizes of at least the market's 5-share minimum order, probabilities
 * in 0..1, a pair-cost guard that cannot lock in a loss), wider than any tuning space should be.
 */
export const PARAM_SPECS: { readonly [K in ParamName]: ParamSpec } = {
  sigma: { kind: 'float', default: 0.003, min: 0.0001, max: 0.05, unit: 'fraction per 300 s', tuned: true, doc: 'volatility in the Brownian fair value Φ(d / (σ·√(t/300)))' },
  fv_blend_weight: { kind: 'float', default: 0.6, min: 0, max: 1, unit: 'weight', tuned: true, doc: 'weight of the Brownian fair value in p_up (the rest: book mid + Brownian delta)' },
  ema_alpha: { kind: 'float', default: 0.05, min: 0.001, max: 1, unit: 'per second', tuned: true, doc: 'EMA smoothing factor of p_up' },
  ema_suppress_band: { kind: 'float', default: 0.1, min: 0, max: 0.5, unit: 'probability', tuned: true, doc: 'suppress the YES bid when ema < 0.5 − band, the NO bid when ema > 0.5 + band' },
  half_spread_base: { kind: 'float', default: 0.025, min: 0, max: 0.5, unit: 'USDC/share', tuned: true, doc: 'an opening bid sits at least this far below fair' },
  displacement_offset: { kind: 'float', default: 1, min: 0, max: 5, unit: 'gain', tuned: true, doc: 'book anchor: bid = best bid + gain·(fair − mid)' },
  bid_size: { kind: 'int', default: 8, min: 5, max: 100, unit: 'shares', tuned: true, doc: 'shares per order (market minimum 5)' },
  max_unpaired: { kind: 'int', default: 8, min: 0, max: 200, unit: 'shares', tuned: true, doc: 'largest |YES − NO| shares in a market' },
  total_position_cap: { kind: 'int', default: 24, min: 5, max: 1000, unit: 'shares', tuned: true, doc: 'largest YES + NO shares in a market' },
  order_cooldown: { kind: 'int', default: 3, min: 0, max: 300, unit: 's', tuned: true, doc: 'seconds between orders on a side and after a fill on it' },
  taker_min_edge: { kind: 'float', default: 0.05, min: 0, max: 1, unit: 'USDC/share', tuned: true, doc: 'taker edge after fee needed in the green zone (amber: 2×)' },
  max_bid_premium: { kind: 'float', default: 0.03, min: 0, max: 0.5, unit: 'USDC/share', tuned: true, doc: 'a pairing bid may sit up to this far above fair' },
  abs_bid_ceiling: { kind: 'float', default: 0.72, min: 0.01, max: 0.99, unit: 'USDC/share', tuned: true, doc: 'no bid above this price' },
  pair_cost_max: { kind: 'float', default: 0.98, min: 0.5, max: 1, unit: 'USDC/pair', tuned: true, doc: 'YES bid + NO bid, and avg YES + avg NO cost, at most this' },
  quote_cutoff: { kind: 'int', default: 30, min: 0, max: 299, unit: 's', tuned: true, doc: 'no maker quotes in the last this many seconds' },
  fee_schedule: { kind: 'enum', default: 'rate', values: ['rate', 'quartic'], unit: '', tuned: false, doc: '`rate`: fee_rate·p(1−p) per share (the data); `quartic`: 0.25·(p(1−p))² (seed 000)' },
  fee_rate: { kind: 'float', default: 0.07, min: 0, max: 0.5, unit: 'fraction', tuned: false, doc: 'taker fee rate of the `rate` schedule' },
  rebate_share: { kind: 'float', default: 0.2, min: 0, max: 1, unit: 'fraction', tuned: false, doc: 'share of the taker fee paid back to makers' },
};

/** All parameter names, in definition order. */
export const PARAM_NAMES = Object.keys(PARAM_SPECS) as ParamName[];

/** The default parameter set (iteration 55). Returns a fresh object. */
export function defaultParams(): StrategyParams {
  const out: Record<string, number | string> = {};
  for (const name of PARAM_NAMES) out[name] = PARAM_SPECS[name].default;
  return out as unknown as StrategyParams;
}

/** Whether `name` is a Strategy C parameter. */
export function isParamName(name: string): name is ParamName {
  return Object.prototype.hasOwnProperty.call(PARAM_SPECS, name);
}
