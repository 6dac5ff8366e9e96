import { ItercrewError } from '../../errors/index.js';

/** One bad field of a target definition: dotted path (e.g. `space.bid_size.max`) and why. */
export interface TargetConfigIssue {
  /** Dotted field path inside the definition; empty for the whole document. */
  path: string;
  /** What is wrong, for people. */
  message: string;
}

/**
 * A target definition file (config/targets/*.yaml|json) is unreadable, unparseable or invalid.
 * The message names the file and every bad field path, one per line; `issues` holds them for
 * programs. Code: `target_config_invalid`.
 */
export class TargetConfigError extends ItercrewError {
  /** The definition file, or a description of the in-memory source. */
  readonly file: string;
  /** Every problem found (all of them, not only the first). */
  readonly issues: TargetConfigIssue[];

  constructor(file: string, issues: TargetConfigIssue[], options?: { cause?: unknown }) {
    const lines = issues.map((i) => `  - ${i.path === '' ? '(document)' : i.path}: ${i.message}`);
    super('target_config_invalid', `invalid target definition ${file}:\n${lines.join('\n')}`, options);
    this.file = file;
    this.issues = issues;
  }
}
