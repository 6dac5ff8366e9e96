import { ItercrewError } from '../../errors/index.js';

/** Stable codes of {@link EvaluateError}. */
export type EvaluateFailureCode =
  | 'evaluate_bad_request' // the caller's own request does not satisfy the protocol
  | 'evaluate_spawn_failed' // the command could not be started (not found, not executable)
  | 'evaluate_crashed' // exited non-zero or by a signal
  | 'evaluate_timeout' // did not finish within the timeout; killed
  | 'evaluate_aborted' // the caller's AbortSignal fired; killed
  | 'evaluate_bad_output' // a stdout line that is not a valid response, or an id out of order
  | 'evaluate_missing_response' // exited cleanly with fewer responses than requests
  | 'evaluate_failed'; // an info request answered with ok:false

/**
 * The target's evaluate command failed as a whole (per-candidate errors are results, not
 * this). The message says what happened and ends with the tail of the command's stderr.
 */
export class EvaluateError extends ItercrewError {
  declare readonly code: EvaluateFailureCode;
  /** The command line (argv joined by spaces), for people. */
  readonly command: string;
  /** Last lines of the command's standard error (at most ~4 KB), possibly empty. */
  readonly stderrTail: string;
  /** Exit code, when the process exited. */
  readonly exitCode?: number;
  /** Terminating signal, when killed by one. */
  readonly signal?: string;
  /** 1-based stdout line number of a bad output line. */
  readonly outputLine?: number;

  constructor(
    code: EvaluateFailureCode,
    message: string,
    details: {
      command: string;
      stderrTail?: string;
      exitCode?: number;
      signal?: string;
      outputLine?: number;
      cause?: unknown;
    },
  ) {
    const tail = details.stderrTail?.trim() ?? '';
    super(code, `evaluate (${details.command}): ${message}${tail === '' ? '' : `\n--- stderr (tail) ---\n${tail}`}`, {
      cause: details.cause,
    });
    this.command = details.command;
    this.stderrTail = details.stderrTail ?? '';
    if (details.exitCode !== undefined) this.exitCode = details.exitCode;
    if (details.signal !== undefined) this.signal = details.signal;
    if (details.outputLine !== undefined) this.outputLine = details.outputLine;
  }
}
