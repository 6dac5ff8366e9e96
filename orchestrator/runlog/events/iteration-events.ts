import { z } from 'zod';
import { defineEvent, EventParamsSchema, SegmentSchema } from './event-base.js';

/** Iteration kinds: a tune iteration changes parameters; a review iteration judges past ones. */
export const IterationKindSchema = z.enum(['tune', 'review']);
export type IterationKind = z.infer<typeof IterationKindSchema>;

/** What started an iteration. */
export const IterationTriggerSchema = z.enum(['schedule', 'manual']);
export type IterationTrigger = z.infer<typeof IterationTriggerSchema>;

/** How an iteration ended (DESIGN.md, "Run log"). */
export const IterationStatusSchema = z.enum(['applied', 'no_change', 'rejected', 'failed', 'reverted', 'skipped']);
export type IterationStatus = z.infer<typeof IterationStatusSchema>;

/** The iteration began: number, kind, trigger, run, the config it starts from, and its windows. */
export const IterationStartedSchema = defineEvent('iteration_started', {
  /** Iteration number, 1-based, per target (shared by tune and review). */
  n: z.number().int().positive(),
  kind: IterationKindSchema,
  trigger: IterationTriggerSchema,
  /** Id of the run (process or job) executing it. */
  runId: z.string().min(1),
  /** The config's params table at the start. */
  params: EventParamsSchema,
  /** HEAD of the target repo at the start (null if unknown). */
  baseCommit: z.string().nullable(),
  /** Live segment the decided config is measured on (backtested targets). */
  segment: SegmentSchema.optional(),
  /** In-sample windows the agents may evaluate. */
  inSample: SegmentSchema.optional(),
  /** Windows held out from the agents for the acceptance gate (right before the segment). */
  validation: SegmentSchema.optional(),
});

/** A phase (brief, spawn, propose, vote, elect, decide, apply, measure, record) finished. */
export const PhaseCompletedSchema = defineEvent('phase_completed', {
  phase: z.string().min(1),
  /** Wall time of the phase, milliseconds. */
  durationMs: z.number().nonnegative(),
  /** True when the phase ended at its deadline rather than by completion. */
  deadlineHit: z.boolean().optional(),
});

/** The iteration ended with a status and a reason. */
export const IterationFinishedSchema = defineEvent('iteration_finished', {
  status: IterationStatusSchema,
  /** Why, for people, e.g. `no valid proposal` or `evaluate crashed: …`. */
  reason: z.string(),
  /** Wall time of the whole iteration, milliseconds. */
  durationMs: z.number().nonnegative(),
});
