import type { Dataset } from '../data/dataset.js';
import type { StrategyParams } from '../params/strategy-params.js';
import { WindowSimulator } from './simulator.js';
import { WindowResult } from './window-result.js';

/**
 * Metrics of one parameter set over a range of windows, as the evaluate protocol's
 * MetricsSchema names them (money in USDC, sizes in shares), plus Strategy C extras.
 */
export interface BacktestMetrics {
  /** Total PnL: settlement − cost − taker fees + maker rebates. */
  pnl: number;
  /** PnL per window, in range order. */
  perWindow: number[];
  windows: number;
  /** Windows with at least one fill. */
  windowsTraded: number;
  /** Orders placed (maker posts and replaces, taker orders). */
  trades: number;
  /** Fills, maker + taker. */
  fills: number;
  /** Taker fees paid. */
  fees: number;
  /** Maker rebates earned. */
  rebates: number;
  /** Largest YES + NO shares held in any window. */
  maxInventory: number;
  /** Largest fall of cumulative PnL (window by window) from a previous peak, ≥ 0. */
  maxDrawdown: number;
  /** Largest average pair cost (avg YES + avg NO) seen; 0 if never paired. */
  maxPairCost: number;
  /** Largest single order. */
  maxOrderSize: number;
  /** Simulated 1-second steps. */
  steps: number;
  makerFills: number;
  takerFills: number;
  /** Shares bought. */
  volume: number;
  /** Paid out at settlement. */
  settlement: number;
  /** Paid for shares (price only). */
  cost: number;
}

/**
 * Backtest one parameter set over windows [from, to).
 *
 * @param data the loaded dataset.
 * @param params a full, validated parameter set.
 * @throws RangeError when the range is not inside 0..data.windows (callers validate first).
 */
export function runBacktest(data: Dataset, params: StrategyParams, from: number, to: number): BacktestMetrics {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to > from && to <= data.windows)) {
    throw new RangeError(`window range [${from}, ${to}) is not inside [0, ${data.windows})`);
  }
  const sim = new WindowSimulator(data, params);
  const r = new WindowResult();
  const m: BacktestMetrics = {
    pnl: 0,
    perWindow: new Array<number>(to - from),
    windows: to - from,
    windowsTraded: 0,
    trades: 0,
    fills: 0,
    fees: 0,
    rebates: 0,
    maxInventory: 0,
    maxDrawdown: 0,
    maxPairCost: 0,
    maxOrderSize: 0,
    steps: 0,
    makerFills: 0,
    takerFills: 0,
    volume: 0,
    settlement: 0,
    cost: 0,
  };
  let peak = 0;
  for (let w = from; w < to; w++) {
    sim.run(w, r);
    m.perWindow[w - from] = r.pnl;
    m.pnl += r.pnl;
    if (m.pnl > peak) peak = m.pnl;
    if (peak - m.pnl > m.maxDrawdown) m.maxDrawdown = peak - m.pnl;
    const fills = r.makerFills + r.takerFills;
    if (fills > 0) m.windowsTraded++;
    m.trades += r.trades;
    m.fills += fills;
    m.makerFills += r.makerFills;
    m.takerFills += r.takerFills;
    m.fees += r.fees;
    m.rebates += r.rebates;
    m.volume += r.volume;
    m.settlement += r.settlement;
    m.cost += r.cost;
    m.steps += r.steps;
    if (r.maxInventory > m.maxInventory) m.maxInventory = r.maxInventory;
    if (r.maxPairCost > m.maxPairCost) m.maxPairCost = r.maxPairCost;
    if (r.maxOrderSize > m.maxOrderSize) m.maxOrderSize = r.maxOrderSize;
  }
  return m;
}
