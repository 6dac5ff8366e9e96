import { ItercrewError } from '../../errors/index.js';

/** Stable codes of {@link RunLogError}. */
export type RunLogErrorCode =
  | 'run_log_invalid_event' // an event to append does not match its schema: nothing written
  | 'run_log_write_failed' // the append or fsync failed
  | 'run_log_unreadable'; // the file exists but cannot be read

/** A run-log operation failed. Reading never fails on bad lines (they are skipped and reported). */
export class RunLogError extends ItercrewError {
  declare readonly code: RunLogErrorCode;
  /** The events.jsonl file. */
  readonly file: string;

  constructor(code: RunLogErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(code, `${file}: ${message}`, options);
    this.file = file;
  }
}
