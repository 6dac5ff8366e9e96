import { ItercrewError } from '../../errors/index.js';

/** Stable codes of {@link ConfigFileError}. */
export type ConfigFileErrorCode =
  | 'config_file_unreadable' // missing or not readable
  | 'config_file_unparseable' // JSON/TOML/YAML syntax error (with line and column)
  | 'config_file_unsupported' // an extension that is not .json, .toml, .yaml or .yml
  | 'config_params_invalid' // paramsPath missing, not a table, or holds a non-scalar value
  | 'config_file_unwritable'; // the atomic write failed (nothing was replaced)

/**
 * A target's config file cannot be read, parsed, edited or written. The message names the file
 * and, for syntax errors, the 1-based line and column.
 */
export class ConfigFileError extends ItercrewError {
  declare readonly code: ConfigFileErrorCode;
  /** The config file. */
  readonly file: string;
  /** 1-based line of a syntax error, when known. */
  readonly line?: number;
  /** 1-based column of a syntax error, when known. */
  readonly column?: number;

  constructor(
    code: ConfigFileErrorCode,
    file: string,
    message: string,
    options?: { cause?: unknown; line?: number; column?: number },
  ) {
    const where = options?.line !== undefined ? `${file}:${options.line}:${options.column ?? 1}` : file;
    super(code, `${where}: ${message}`, options);
    this.file = file;
    if (options?.line !== undefined) this.line = options.line;
    if (options?.column !== undefined) this.column = options.column;
  }
}
