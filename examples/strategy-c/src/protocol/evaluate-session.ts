import type { Dataset } from '../data/dataset.js';
import { ParamError } from '../errors/param-error.js';
import { HORIZON_SECONDS } from '../model/fair-value.js';
import { defaultParams, PARAM_NAMES, PARAM_SPECS } from '../params/param-specs.js';
import { parseParams } from '../params/parse-params.js';
import type { ParamName } from '../params/strategy-params.js';
import { runBacktest, type BacktestMetrics } from '../sim/backtest.js';
import { parseLenientJson } from './lenient-json.js';
import { errorResponse, RequestEnvelopeSchema, type Response } from './messages.js';

/** Money metrics are rounded to this many decimals (micro-USDC) in responses. */
const MONEY_DECIMALS = 6;

/**
 * Answers evaluate request lines against one loaded dataset. Every line gets exactly one
 * response; nothing a line contains can throw out of {@link answer}.
 */
export class EvaluateSession {
  /**
   * @param data the dataset, loaded once per process.
   * @param ignored parameters the model ignores (`--ignore-param`): accepted and validated in
   *   requests, but the default is used.
   */
  constructor(
    private readonly data: Dataset,
    private readonly ignored: ReadonlySet<ParamName> = new Set(),
  ) {}

  /**
   * Answer one request line.
   *
   * @param line the raw line (without its newline).
   * @returns the response object (serialize with JSON.stringify, one line).
   */
  answer(line: string): Response {
    let json: unknown;
    try {
      json = parseLenientJson(line);
    } catch (err) {
      return errorResponse(null, 'bad_request', `not valid JSON: ${(err as Error).message}`);
    }
    const id = json !== null && typeof json === 'object' && typeof (json as { id?: unknown }).id === 'string' && (json as { id: string }).id !== '' ? (json as { id: string }).id : null;
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      return errorResponse(null, 'bad_request', 'a request line must be a JSON object');
    }
    const env = RequestEnvelopeSchema.safeParse(json);
    if (!env.success) {
      const issue = env.error.issues[0]!;
      const where = issue.path.length > 0 ? issue.path.join('.') : 'request';
      return errorResponse(id, 'bad_request', `${where}: ${issue.message}`);
    }
    const req = env.data;
    if (req.info === true) return { id: req.id, ok: true, info: this.info() };
    if (req.params === undefined) return errorResponse(req.id, 'bad_request', 'a candidate needs "params" (an object; {} for the defaults) and "windows" ({"from", "to"})');

    let params;
    try {
      params = parseParams(req.params, this.ignored);
    } catch (err) {
      if (err instanceof ParamError) return errorResponse(req.id, err.code, err.message);
      return errorResponse(req.id, 'internal_error', String(err));
    }
    const range = this.windowRange(req.windows);
    if (typeof range === 'string') {
      return errorResponse(req.id, req.windows === undefined || req.windows === null || typeof req.windows !== 'object' ? 'bad_request' : 'bad_window_range', range);
    }
    try {
      return { id: req.id, ok: true, metrics: formatMetrics(runBacktest(this.data, params, range.from, range.to)) };
    } catch (err) {
      return errorResponse(req.id, 'internal_error', (err as Error).message ?? String(err));
    }
  }

  /** What the target knows about its data (the protocol's EvaluateInfo, plus extras). */
  info(): Record<string, unknown> {
    const d = this.data;
    const excluded: Record<string, number> = {};
    for (const m of d.markets) if (m.excluded !== '') excluded[m.excluded] = (excluded[m.excluded] ?? 0) + 1;
    return {
      windows: d.windows,
      windowSeconds: HORIZON_SECONDS,
      firstStartSec: d.startSec[0],
      lastEndSec: d.startSec[d.windows - 1]! + HORIZON_SECONDS,
      defaults: defaultParams(),
      params: Object.fromEntries(PARAM_NAMES.map((n) => [n, PARAM_SPECS[n]])),
      ignoredParams: [...this.ignored],
      markets: d.markets.length,
      excludedMarkets: excluded,
      stepSeconds: 1,
    };
  }

  /** The window range [from, to) of a request, or a message saying what is wrong with it. */
  private windowRange(w: unknown): { from: number; to: number } | string {
    const n = this.data.windows;
    const shape = `"windows" must be {"from": int, "to": int} with 0 ≤ from < to ≤ ${n}`;
    if (w === undefined || w === null || typeof w !== 'object' || Array.isArray(w)) return `${shape}; got ${w === undefined ? 'nothing' : JSON.stringify(w)}`;
    const { from, to } = w as { from?: unknown; to?: unknown };
    if (typeof from !== 'number' || typeof to !== 'number' || !Number.isInteger(from) || !Number.isInteger(to)) {
      return `${shape}; got from=${JSON.stringify(from) ?? 'nothing'}, to=${JSON.stringify(to) ?? 'nothing'}`;
    }
    if (from < 0 || to <= from || to > n) return `${shape}; got [${from}, ${to})`;
    return { from, to };
  }
}

const round = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/** Backtest metrics as a response's `metrics` (MetricsSchema names; money rounded to micro-USDC). */
export function formatMetrics(m: BacktestMetrics): Record<string, unknown> {
  return {
    pnl: round(m.pnl, MONEY_DECIMALS),
    perWindow: m.perWindow.map((x) => round(x, MONEY_DECIMALS)),
    windows: m.windows,
    windowsTraded: m.windowsTraded,
    trades: m.trades,
    fills: m.fills,
    fees: round(m.fees, MONEY_DECIMALS),
    rebates: round(m.rebates, MONEY_DECIMALS),
    maxInventory: m.maxInventory,
    maxDrawdown: round(m.maxDrawdown, MONEY_DECIMALS),
    maxPairCost: round(m.maxPairCost, MONEY_DECIMALS),
    maxOrderSize: m.maxOrderSize,
    steps: m.steps,
    makerFills: m.makerFills,
    takerFills: m.takerFills,
    volume: m.volume,
    settlement: round(m.settlement, MONEY_DECIMALS),
    cost: round(m.cost, MONEY_DECIMALS),
  };
}
