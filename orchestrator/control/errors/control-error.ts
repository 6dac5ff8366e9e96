import { ItercrewError } from '../../errors/index.js';

/** Stable codes of {@link ControlError}. */
export type ControlErrorCode =
  | 'target_busy' // another process (or this one) runs an iteration of the target now
  | 'lock_failed' // the lock file could not be created, read or removed
  | 'control_file_invalid'; // a control file (lock, pause, running) holds something unreadable

/** The per-target control files (lock, pause, status) cannot do what was asked. */
export class ControlError extends ItercrewError {
  declare readonly code: ControlErrorCode;

  constructor(code: ControlErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
