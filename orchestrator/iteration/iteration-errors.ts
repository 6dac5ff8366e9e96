import { ItercrewError } from '../errors/itercrew-error.js';

/**
 * An iteration ended early on purpose. `status` is what the run log records
 * (`failed`, `rejected`, `skipped`, or `reverted` when a safety check put the config back);
 * `message` is the reason people read.
 */
export class IterationStop extends ItercrewError {
  constructor(
    readonly status: 'failed' | 'rejected' | 'skipped' | 'reverted',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`iteration_${status}`, message, options);
  }
}

/** The iteration was cancelled through its AbortSignal (shutdown, pause, job cancelled). */
export class IterationAborted extends ItercrewError {
  constructor(reason: string) {
    super('iteration_aborted', `aborted: ${reason}`);
  }
}
