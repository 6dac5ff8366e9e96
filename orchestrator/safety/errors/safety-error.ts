import { ItercrewError } from '../../errors/itercrew-error.js';

/** Stable codes of {@link SafetyError}. */
export type SafetyErrorCode =
  | 'measure_failed' // the target's measure command failed (exit, timeout, spawn)
  | 'measure_bad_output'; // its output is not the live-windows JSON

/** A safety check could not get what it needs from the target. */
export class SafetyError extends ItercrewError {
  declare readonly code: SafetyErrorCode;

  constructor(code: SafetyErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
