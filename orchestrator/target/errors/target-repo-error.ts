import { ItercrewError } from '../../errors/index.js';

/** Stable codes of {@link TargetRepoError}. */
export type TargetRepoErrorCode =
  | 'config_dirty' // the config file has uncommitted changes: the iteration must stop
  | 'config_untracked' // the config file is not tracked by git
  | 'config_unchanged' // a commit was asked for but the config file equals HEAD
  | 'repo_missing' // the target repo does not exist and the target has no seed to create it
  | 'index_not_clean' // staged changes would be swept into a revert commit
  | 'revert_conflict' // a reverted parameter was changed again since: the revert would undo that too
  | 'git_failed'; // git itself failed (message carries git's output)

/**
 * A git operation on a target's repo failed or was refused. `config_dirty` is the one an
 * iteration meets in practice: somebody edited the config file by hand; nothing is changed.
 */
export class TargetRepoError extends ItercrewError {
  declare readonly code: TargetRepoErrorCode;
  /** The repo directory. */
  readonly repo: string;

  constructor(code: TargetRepoErrorCode, repo: string, message: string, options?: { cause?: unknown }) {
    super(code, `${repo}: ${message}`, options);
    this.repo = repo;
  }
}
