import { z } from 'zod';
import { IterationKindSchema, IterationTriggerSchema } from '../../runlog/events/iteration-events.js';
import { TargetNameSchema } from '../../target/definition/target-definition-schema.js';
import { SchedulerError } from '../errors/index.js';

/**
 * The data of an iteration job, validated by the worker before anything runs:
 * - scheduled (`trigger: schedule`, made by the job scheduler from its template): the tick time
 *   comes from the job (its id `repeat:<scheduler>:<ms>`), the iteration id from the tick;
 * - manual (`trigger: manual`, `itercrew kick`): `iterationId` and `requestedAt` are fixed when
 *   it is enqueued, so the id printed by `kick` is the one the worker runs.
 */
export const IterationJobDataSchema = z.discriminatedUnion('trigger', [
  z.strictObject({
    /** Schema version. */
    v: z.literal(1),
    target: TargetNameSchema,
    kind: z.literal('tune'),
    trigger: z.literal('schedule'),
  }),
  z.strictObject({
    v: z.literal(1),
    target: TargetNameSchema,
    kind: IterationKindSchema,
    trigger: z.literal('manual'),
    /** The iteration id (`scheduledIterationId(target, kind, requestedAt)`). */
    iterationId: z.string().min(1),
    /** When it was kicked off (ISO). */
    requestedAt: z.iso.datetime(),
    /** Who kicked it off: `user@host`. */
    requestedBy: z.string(),
  }),
]);
export type IterationJobData = z.infer<typeof IterationJobDataSchema>;

/** Iteration trigger values, re-exported for job producers. */
export const JobTriggerSchema = IterationTriggerSchema;

/**
 * Validates job data.
 *
 * @throws SchedulerError `job_data_invalid` naming the job and every bad field.
 */
export function parseJobData(jobId: string | undefined, data: unknown): IterationJobData {
  const parsed = IterationJobDataSchema.safeParse(data);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ');
    throw new SchedulerError('job_data_invalid', `job ${jobId ?? '?'} has invalid data: ${why}`);
  }
  return parsed.data;
}

/** What a worker returns for a job (BullMQ `returnvalue`). */
export interface IterationJobResult {
  /** See RunOutcome: ran, already_finished, duplicate, skipped, missed, paused, failed_to_start. */
  outcome: string;
  iterationId: string;
  /** The iteration's status when it ran or had finished. */
  status: string | null;
  /** The iteration's reason, or why it did not run. */
  reason: string;
  /** The config commit, if any. */
  commit: string | null;
}

/**
 * The tick time of a job made by a BullMQ job scheduler: its id is `repeat:<scheduler id>:<ms>`
 * (BullMQ 5 and 6); `undefined` for any other job.
 */
export function tickOfSchedulerJob(jobId: string | undefined): Date | undefined {
  const m = /^repeat:.+:(\d+)$/.exec(jobId ?? '');
  if (!m) return undefined;
  const tick = new Date(Number(m[1]));
  return Number.isNaN(tick.getTime()) ? undefined : tick;
}
