import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type Dataset } from '../../examples/strategy-c/src/data/dataset.js';
import { defaultParams, PARAM_NAMES } from '../../examples/strategy-c/src/params/param-specs.js';
import type { ParamName, StrategyParams } from '../../examples/strategy-c/src/params/strategy-params.js';
import { runBacktest } from '../../examples/strategy-c/src/sim/backtest.js';
import { Prng } from '../../examples/strategy-c/src/math/prng.js';

let data: Dataset;
beforeAll(() => {
  data = loadDataset();
});

/**
 * A value for each parameter, inside its limits, different from the default. The iteration-44
 * lesson (place_dual_quotes ignored its p_up input for 42 iterations): every parameter must
 * change what the simulator produces.
 */
const MOVED: { [K in ParamName]: StrategyParams[K] } = {
  sigma: 0.0015,
  fv_blend_weight: 0.3,
  ema_alpha: 0.2,
  ema_suppress_band: 0.03,
  half_spread_base: 0.01,
  displacement_offset: 0,
  bid_size: 6,
  max_unpaired: 16,
  total_position_cap: 12,
  order_cooldown: 10,
  taker_min_edge: 0.02,
  max_bid_premium: 0,
  abs_bid_ceiling: 0.5,
  pair_cost_max: 0.9,
  quote_cutoff: 60,
  fee_schedule: 'quartic',
  fee_rate: 0.03,
  rebate_share: 0.5,
};

describe('backtest', () => {
  it('every parameter changes the simulated PnL on the bundled data', () => {
    const base = runBacktest(data, defaultParams(), 0, data.windows);
    const dead: string[] = [];
    for (const name of PARAM_NAMES) {
      const m = runBacktest(data, { ...defaultParams(), [name]: MOVED[name] }, 0, data.windows);
      if (Math.abs(m.pnl - base.pnl) < 1e-9) dead.push(name);
    }
    expect(dead).toEqual([]);
  });

  it('accounts PnL as settlement − cost − taker fees + maker rebates, per window and in total', () => {
    const m = runBacktest(data, defaultParams(), 0, data.windows);
    expect(m.pnl).toBeCloseTo(m.settlement - m.cost - m.fees + m.rebates, 6);
    expect(m.perWindow.reduce((a, b) => a + b, 0)).toBeCloseTo(m.pnl, 6);
    expect(m.windows).toBe(data.windows);
    expect(m.steps).toBe(300 * data.windows);
    expect(m.fills).toBe(m.makerFills + m.takerFills);
    expect(m.trades).toBeGreaterThanOrEqual(m.fills);
    expect(m.fills).toBeGreaterThan(0);
    expect(m.windowsTraded).toBeGreaterThan(0);
    expect(m.rebates).toBeGreaterThan(0);
    // drawdown of the cumulative per-window PnL, recomputed
    let cum = 0;
    let peak = 0;
    let dd = 0;
    for (const x of m.perWindow) {
      cum += x;
      peak = Math.max(peak, cum);
      dd = Math.max(dd, peak - cum);
    }
    expect(m.maxDrawdown).toBeCloseTo(dd, 9);
  });

  it('holds the caps and the pair-cost guard for random parameter sets', () => {
    const rng = new Prng(12345);
    const u = (lo: number, hi: number): number => lo + (hi - lo) * rng.uniform();
    for (let k = 0; k < 40; k++) {
      const p: StrategyParams = {
        ...defaultParams(),
        sigma: u(0.0005, 0.006),
        fv_blend_weight: u(0, 1),
        half_spread_base: u(0, 0.05),
        displacement_offset: u(0, 3),
        bid_size: Math.round(u(5, 20)),
        max_unpaired: Math.round(u(0, 30)),
        total_position_cap: Math.round(u(5, 60)),
        order_cooldown: k % 2 === 0 ? 0 : Math.round(u(0, 10)),
        taker_min_edge: u(0, 0.1),
        max_bid_premium: u(0, 0.1),
        pair_cost_max: u(0.85, 1),
        quote_cutoff: Math.round(u(0, 90)),
      };
      const m = runBacktest(data, p, 0, data.windows);
      expect(m.maxPairCost).toBeLessThanOrEqual(p.pair_cost_max + 1e-9);
      expect(m.maxOrderSize).toBeLessThanOrEqual(p.bid_size);
      expect(m.maxInventory).toBeLessThanOrEqual(p.total_position_cap);
    }
  });

  it('is deterministic, and a window gives the same result in any range (common random numbers)', () => {
    const p = { ...defaultParams(), sigma: 0.002 };
    const all = runBacktest(data, p, 0, data.windows);
    const again = runBacktest(data, p, 0, data.windows);
    expect(again.perWindow).toEqual(all.perWindow);
    const part = runBacktest(data, p, 100, 130);
    expect(part.perWindow).toEqual(all.perWindow.slice(100, 130));
  });

  it('refuses a range outside the data', () => {
    expect(() => runBacktest(data, defaultParams(), 0, data.windows + 1)).toThrow(RangeError);
    expect(() => runBacktest(data, defaultParams(), 5, 5)).toThrow(RangeError);
  });
});
