/**
 * Base class of every error the Strategy C example raises on purpose. The example is a
 * self-contained target (the orchestrator never imports it), so it has its own error base
 * instead of itercrew's `ItercrewError`; the shape is the same: a stable snake_case `code`
 * callers may branch on, a `message` for people, and the original error as `cause`.
 */
export class StrategyCError extends Error {
  /** Stable machine-readable code, e.g. `data_corrupt`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
