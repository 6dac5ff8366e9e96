/**
 * Strategy C, the worked example target — table of contents. The orchestrator never imports
 * this (it runs evaluate.ts as a process); tests, scripts and benchmarks do.
 */

// Maths
export { normalCdf } from './math/normal-cdf.js';
export { Prng } from './math/prng.js';

// The model of seed 000
export { brownianFairValue, displacement, HORIZON_SECONDS } from './model/fair-value.js';
export { blendedFairValue } from './model/blended-fair-value.js';
export { emaStep, suppressNo, suppressYes } from './model/ema-suppression.js';
export { makerRebatePerShare, takerFeePerShare, type FeeScheduleName } from './model/fees.js';
export { Inventory, maxBuySize, NO, pairCostCap, YES, type Side } from './model/inventory.js';
export { computeQuotes, MIN_ORDER_SIZE, QuoteDecision, type QuotingParams } from './model/quoting.js';
export { AMBER, AMBER_EDGE_MULTIPLE, feeZone, GREEN, RED, shouldTake, type FeeZone } from './model/taker.js';

// Parameters
export type { ParamName, StrategyParams } from './params/strategy-params.js';
export { defaultParams, isParamName, PARAM_NAMES, PARAM_SPECS, type ParamSpec } from './params/param-specs.js';
export { parseParams } from './params/parse-params.js';

// Data and the simulated market
export { loadDataset, type Dataset } from './data/dataset.js';
export { DATA_FILES, defaultDataDir } from './data/files.js';
export * as bookModel from './market/book-model.js';
export { NO_ASK, NO_BID, type SimulatedBooks } from './market/simulated-book.js';

// Simulation
export { STALE_AFTER_S, WindowSimulator } from './sim/simulator.js';
export { WindowResult } from './sim/window-result.js';
export { runBacktest, type BacktestMetrics } from './sim/backtest.js';

// Calibration
export type { BookShapeFigures, ProbeFigures } from './calibration/figures.js';
export { realBookShape, realProbe } from './calibration/real-figures.js';
export { simulatedBookShape, simulatedProbe } from './calibration/simulated-figures.js';

// The evaluate protocol
export { EvaluateSession, formatMetrics } from './protocol/evaluate-session.js';

// Errors
export * from './errors/index.js';
