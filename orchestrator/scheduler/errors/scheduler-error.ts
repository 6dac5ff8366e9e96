import { ItercrewError } from '../../errors/index.js';

/** Stable codes of {@link SchedulerError}. */
export type SchedulerErrorCode =
  | 'schedule_invalid' // a schedule in the settings cannot be used (bad cron pattern, time zone, interval)
  | 'job_scheduler_failed' // BullMQ refused to upsert or remove a job scheduler (id collision, slots busy, …)
  | 'job_data_invalid' // an iteration job's data does not match IterationJobDataSchema
  | 'redis_unavailable' // no Redis URL where one is needed, or a URL that cannot be used
  | 'chat_not_external'; // a Redis-mode process was given the embedded chat server

/** Scheduling (in-process or BullMQ) cannot go on. */
export class SchedulerError extends ItercrewError {
  declare readonly code: SchedulerErrorCode;

  constructor(code: SchedulerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
