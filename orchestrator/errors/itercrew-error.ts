/**
 * Base class of every error itercrew raises on purpose. `code` is a stable snake_case
 * identifier callers may branch on; `message` is for people; `cause` keeps the original error.
 */
export class ItercrewError extends Error {
  /** Stable machine-readable code, e.g. `config_invalid`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
