import { ItercrewError } from '../../errors/index.js';

/** Stable codes of {@link ReportError}. */
export type ReportErrorCode =
  | 'report_no_run_log' // the target has no run log (events.jsonl) yet
  | 'report_iteration_not_found' // `itercrew show <iteration>`: no such iteration in the run log
  | 'report_bad_filter' // --since / --status could not be understood
  | 'report_bad_option' // --format / --details / --target could not be understood
  | 'report_write_failed'; // the report (or a chart file) could not be written

/** A report, `log` or `show` request could not be served. */
export class ReportError extends ItercrewError {
  declare readonly code: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
