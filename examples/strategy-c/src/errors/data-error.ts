import { StrategyCError } from './strategy-c-error.js';

/**
 * A bundled data file is missing, unreadable or corrupt (code `data_unreadable` or
 * `data_corrupt`). The message names the file and, where known, the line.
 */
export class DataError extends StrategyCError {
  /** Path of the offending file. */
  readonly file: string;

  constructor(code: 'data_unreadable' | 'data_corrupt', file: string, message: string, options?: { cause?: unknown }) {
    super(code, `${file}: ${message}`, options);
    this.file = file;
  }
}
