import { z } from 'zod';

/** Version of the run-log event format written by this code. */
export const RUN_LOG_VERSION = 1;

/**
 * Fields every run-log event carries: `{v: 1, ts, target, iterationId, type}`. Event objects are
 * open (unknown fields are kept), so later versions of itercrew can add fields without breaking
 * old readers, and old logs stay valid.
 */
export const EventBaseSchema = z.looseObject({
  /** Format version, always 1. */
  v: z.literal(RUN_LOG_VERSION),
  /** When the event happened, ISO 8601 UTC with milliseconds, e.g. `2026-02-24T15:15:00.123Z`. */
  ts: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/, 'expected an ISO 8601 date-time such as 2026-02-24T15:15:00.000Z'),
  /** Target name (slug). */
  target: z.string().min(1),
  /** Iteration id (see iteration-id.ts), e.g. `strategy-c-tune-000003`. */
  iterationId: z.string().min(1),
  /** Event type, snake_case. */
  type: z.string().regex(/^[a-z][a-z0-9_]*$/),
});
export type EventBase = z.infer<typeof EventBaseSchema>;

/** An event schema: the base fields plus a literal `type` and its own fields (open). */
export function defineEvent<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return EventBaseSchema.extend({ type: z.literal(type), ...shape });
}

/** A window range `[from, to)` of data windows (a segment or in-sample range). */
export const SegmentSchema = z.looseObject({ from: z.number(), to: z.number() });
export type Segment = z.infer<typeof SegmentSchema>;

/** Params: parameter → number | string | boolean. */
export const EventParamsSchema = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));

/** One param change `{param, old, new}` (null = absent). */
export const ParamChangeSchema = z.looseObject({
  param: z.string(),
  old: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  new: z.union([z.number(), z.string(), z.boolean(), z.null()]),
});
