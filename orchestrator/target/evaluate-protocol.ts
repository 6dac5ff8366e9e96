import { z } from 'zod';

/**
 * The `evaluate` contract between itercrew and a target (DESIGN.md, "The target contract").
 *
 * The orchestrator starts the target's evaluate command once per batch, writes one
 * {@link EvaluateRequest} JSON object per line to its standard input, closes stdin, and reads
 * exactly one {@link EvaluateResponse} JSON object per request line from standard output, in
 * the same order, each carrying the request's `id`. Anything the command writes to standard
 * error is a diagnostic. A bad request line (bad JSON, unknown parameter, NaN, out-of-range
 * window) gets an error response for that line only; the command never crashes on one.
 *
 * This file is the only description of the protocol: targets implement it, the orchestrator
 * speaks it. It must not import target code (the orchestrator never does).
 */

/** A parameter value as it appears in a target config: number, string (enum) or boolean. */
export const ParamValueSchema = z.union([z.number(), z.string(), z.boolean()]);
export type ParamValue = z.infer<typeof ParamValueSchema>;

/** A parameter set: parameter name → value. */
export const ParamsSchema = z.record(z.string(), ParamValueSchema);
export type Params = z.infer<typeof ParamsSchema>;

/**
 * A half-open range of the target's data windows by index, `[from, to)`, in the target's own
 * chronological order (index 0 = oldest). For Strategy C a window is one 5-minute market.
 */
export const WindowRangeSchema = z
  .object({
    from: z.number().int().nonnegative(),
    to: z.number().int().nonnegative(),
  })
  .refine((r) => r.to > r.from, { message: 'window range must have to > from' });
export type WindowRange = z.infer<typeof WindowRangeSchema>;

/** Evaluate one candidate config over a window range. `params` may be partial: the target fills its defaults. */
export const CandidateRequestSchema = z.object({
  id: z.string().min(1),
  params: ParamsSchema,
  windows: WindowRangeSchema,
});
export type CandidateRequest = z.infer<typeof CandidateRequestSchema>;

/** Ask the target what data it has: answered with {@link EvaluateInfo}. */
export const InfoRequestSchema = z.object({
  id: z.string().min(1),
  info: z.literal(true),
});
export type InfoRequest = z.infer<typeof InfoRequestSchema>;

/** One request line on the evaluate command's stdin. */
export const EvaluateRequestSchema = z.union([InfoRequestSchema, CandidateRequestSchema]);
export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;

/**
 * Metrics of one candidate over its window range. Only `pnl` is required of every target;
 * the rest are what a trading target should report (Strategy C reports all of them), and any
 * extra numeric metric a target adds is kept.
 */
export const MetricsSchema = z
  .object({
    /** Total PnL in the target's quote currency (USDC for Strategy C): settlement − cost − taker fees + maker rebates. */
    pnl: z.number().finite(),
    /** PnL per window, same order and length as the requested range; used for noise estimates. */
    perWindow: z.array(z.number().finite()).optional(),
    /** Number of windows evaluated. */
    windows: z.number().int().nonnegative().optional(),
    /** Windows in which at least one fill happened. */
    windowsTraded: z.number().int().nonnegative().optional(),
    /** Orders placed (maker quotes posted and taker orders sent). */
    trades: z.number().int().nonnegative().optional(),
    /** Fills (maker + taker). */
    fills: z.number().int().nonnegative().optional(),
    /** Taker fees paid, positive, in quote currency. */
    fees: z.number().finite().optional(),
    /** Maker rebates earned, positive, in quote currency. */
    rebates: z.number().finite().optional(),
    /** Largest inventory held at any time, in shares (or contracts). */
    maxInventory: z.number().finite().optional(),
    /** Largest peak-to-trough fall of cumulative PnL across the range, positive, in quote currency. */
    maxDrawdown: z.number().finite().optional(),
    /** Largest average pair cost (avg YES cost + avg NO cost per paired share) seen; 0 if never paired. */
    maxPairCost: z.number().finite().optional(),
    /** Largest single order, in shares. */
    maxOrderSize: z.number().finite().optional(),
    /** Simulated steps (Strategy C: 1-second ticks). */
    steps: z.number().int().nonnegative().optional(),
  })
  .catchall(z.unknown());
export type Metrics = z.infer<typeof MetricsSchema>;

/** What the target knows about its data, answered to an {@link InfoRequest}. */
export const EvaluateInfoSchema = z
  .object({
    /** Number of windows; valid indices are 0 .. windows−1. */
    windows: z.number().int().nonnegative(),
    /** Length of one window in seconds. */
    windowSeconds: z.number().positive().optional(),
    /** Start of window 0, Unix seconds. */
    firstStartSec: z.number().optional(),
    /** End of the last window, Unix seconds. */
    lastEndSec: z.number().optional(),
    /** Default parameter values. */
    defaults: ParamsSchema.optional(),
  })
  .catchall(z.unknown());
export type EvaluateInfo = z.infer<typeof EvaluateInfoSchema>;

/** Stable error codes of a failed request line. */
export const EvaluateErrorCodeSchema = z.enum([
  'bad_request', // not JSON, or not a request object
  'unknown_parameter', // a parameter the target does not have
  'invalid_value', // NaN, Infinity, wrong type, enum value not allowed
  'out_of_range', // a value outside the target's own hard limits
  'bad_window_range', // window range outside 0 .. windows
  'internal_error', // the target failed on this line
]);
export type EvaluateErrorCode = z.infer<typeof EvaluateErrorCodeSchema>;

export const EvaluateErrorSchema = z.object({
  code: EvaluateErrorCodeSchema,
  message: z.string(),
});

/** One response line on the evaluate command's stdout. `id` is null only when the request line had no readable id. */
export const EvaluateResponseSchema = z.union([
  z.object({ id: z.string().nullable(), ok: z.literal(true), metrics: MetricsSchema }),
  z.object({ id: z.string().nullable(), ok: z.literal(true), info: EvaluateInfoSchema }),
  z.object({ id: z.string().nullable(), ok: z.literal(false), error: EvaluateErrorSchema }),
]);
export type EvaluateResponse = z.infer<typeof EvaluateResponseSchema>;
