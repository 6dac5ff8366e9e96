import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { Params } from '../evaluate-protocol.js';
import { parseConfigDocument, writeParams } from '../config-file/config-file.js';
import { configFormatOf, type ConfigFormat } from '../config-file/config-format.js';
import type { Target } from '../definition/target.js';
import { diffParams, type ParamChange } from '../diff/params-diff.js';
import { TargetRepoError } from '../errors/index.js';
import { formatCommitMessage, parseTrailerLines, TRAILER_KEYS, type ItercrewTrailers } from './commit-trailers.js';
import { itercrewGitConfig } from './git-identity.js';

/** Options of {@link TargetRepo}. */
export interface TargetRepoOptions {
  /** Absolute path of the repo's top-level folder. */
  repoDir: string;
  /** Config file inside the repo (relative, POSIX separators). */
  configFile: string;
  /** Params table path inside the config document (keys). Default: the root. */
  paramsKeys?: readonly string[];
}

/** What {@link TargetRepo.commitConfig} writes into the commit message. */
export interface ConfigCommitMessage {
  /** Subject line, e.g. `strategy-c #3: half_spread_base 0.025 → 0.03`. */
  subject: string;
  /** Optional body (rationale, diff, PnL). */
  body?: string;
  /** Itercrew-Iteration, Itercrew-Run, Itercrew-Decided-By. */
  trailers: ItercrewTrailers;
  /** Extra trailers, e.g. `{ 'Itercrew-Agents': 'tuner-1, tuner-2' }`. */
  extraTrailers?: Record<string, string>;
}

/** A commit that touched the config file, newest first in {@link TargetRepo.configHistory}. */
export interface ConfigCommit {
  sha: string;
  subject: string;
  /** Committer date, ISO 8601. */
  date: string;
  /** All trailers of the commit (key → value). */
  trailers: Record<string, string>;
}

/** Result of {@link TargetRepo.commitParams}. */
export interface CommittedParams {
  /** The new commit. */
  sha: string;
  /** The full commit message. */
  message: string;
  /** Params before and after, and the diff. */
  before: Params;
  after: Params;
  diff: ParamChange[];
}

/**
 * git operations on a target's repo (simple-git). Every command runs with the itercrew identity
 * and no signing passed as `-c` options (see itercrewGitConfig), so commits never depend on the
 * global git config and the repo's own config is not touched. itercrew only ever commits the
 * config file, never anything else, even when other files are dirty or staged.
 */
export class TargetRepo {
  readonly repoDir: string;
  readonly configFile: string;
  readonly paramsKeys: readonly string[];
  private readonly format: ConfigFormat | undefined;
  private client: SimpleGit | undefined;

  constructor(options: TargetRepoOptions) {
    this.repoDir = options.repoDir;
    this.configFile = options.configFile;
    this.paramsKeys = options.paramsKeys ?? [];
    this.format = configFormatOf(options.configFile);
  }

  /** The repo of a loaded target. */
  static forTarget(target: Pick<Target, 'repoDir' | 'configFile' | 'paramsKeys'>): TargetRepo {
    return new TargetRepo({ repoDir: target.repoDir, configFile: target.configFile, paramsKeys: target.paramsKeys });
  }

  /** Absolute path of the config file. */
  get configPath(): string {
    return path.join(this.repoDir, this.configFile);
  }

  private git(): SimpleGit {
    this.client ??= simpleGit({ baseDir: this.repoDir, config: itercrewGitConfig(), trimmed: false });
    return this.client;
  }

  /**
   * Runs `git <args>`; a failure becomes TargetRepoError `git_failed` with git's message.
   *
   * simple-git waits a fixed 50 ms after a git process that wrote nothing to stdout or stderr
   * (its completion-detection plugin), so commands on the iteration's path are phrased to
   * print something: `commit` without `--quiet`, `status --branch`. That takes ~100 ms off
   * every applied iteration.
   */
  private async raw(args: string[]): Promise<string> {
    try {
      return await this.git().raw(args);
    } catch (error) {
      throw new TargetRepoError('git_failed', this.repoDir, `git ${args[0] ?? ''} failed: ${(error as Error).message.trim()}`, { cause: error });
    }
  }

  /** Full sha of HEAD. @throws TargetRepoError git_failed (e.g. no commit yet). */
  async headSha(): Promise<string> {
    return (await this.raw(['rev-parse', '--verify', 'HEAD'])).trim();
  }

  /** Whether the config file is tracked and equal to HEAD in both the index and the working tree. */
  async isConfigClean(): Promise<boolean> {
    try {
      await this.assertConfigClean();
      return true;
    } catch (error) {
      if (error instanceof TargetRepoError && (error.code === 'config_dirty' || error.code === 'config_untracked')) return false;
      throw error;
    }
  }

  /**
   * Checks that the config file is tracked and has no uncommitted change (staged or not).
   * Other files may be dirty: they are not itercrew's.
   *
   * @throws TargetRepoError `config_dirty` (edited by hand: the iteration must stop; nothing was
   *   changed) or `config_untracked`.
   */
  async assertConfigClean(): Promise<void> {
    const tracked = await this.raw(['ls-files', '--', this.configFile]);
    if (tracked.trim() === '')
      throw new TargetRepoError('config_untracked', this.repoDir, `config file ${this.configFile} is not tracked by git: add and commit it first`);
    // --branch: a `## main` header, so the command always prints (see raw()).
    const status = (await this.raw(['status', '--porcelain=v1', '--branch', '--untracked-files=no', '--', this.configFile]))
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('##'))
      .join('\n');
    if (status.trim() !== '')
      throw new TargetRepoError(
        'config_dirty',
        this.repoDir,
        `config file ${this.configFile} has uncommitted changes (git status: ${status.trim().slice(0, 2).trim()}); ` +
          'commit or discard them (git checkout -- <file>) before itercrew changes it. The iteration stopped; nothing was changed.',
      );
  }

  /**
   * Commits the config file as it is in the working tree — only that file, whatever else is
   * dirty or staged — with the message and Itercrew trailers.
   *
   * @returns the new commit's full sha.
   * @throws TargetRepoError `config_unchanged` when the file equals HEAD; `git_failed` otherwise.
   */
  async commitConfig(message: ConfigCommitMessage): Promise<string> {
    return this.commitText(formatCommitMessage(message.subject, message.trailers, message.body, message.extraTrailers));
  }

  /**
   * Commits the config file (`git commit --only`, which stages just that path). `knownChanged`
   * skips the "equals HEAD?" check when the caller has just written a different value (the apply
   * path: two git processes fewer per iteration).
   */
  private async commitText(text: string, knownChanged = false): Promise<string> {
    if (!knownChanged) {
      await this.raw(['add', '--', this.configFile]);
      const staged = await this.raw(['diff', '--cached', '--name-only', '--', this.configFile]);
      if (staged.trim() === '') throw new TargetRepoError('config_unchanged', this.repoDir, `config file ${this.configFile} equals HEAD: nothing to commit`);
    }
    await this.raw(['commit', '--cleanup=whitespace', '-m', text, '--only', '--', this.configFile]);
    return this.headSha();
  }

  /**
   * The apply step: checks the config file is clean, writes the updated params atomically
   * (keeping the format), and commits only the config file. If the commit fails, the file is
   * restored to HEAD, so nothing is half-done.
   *
   * @throws TargetRepoError `config_dirty` / `config_untracked` (nothing changed),
   *   `config_unchanged` (updates equal the current values; nothing changed), `git_failed`;
   *   ConfigFileError when the file cannot be parsed or written.
   */
  async commitParams(updates: Params, message: ConfigCommitMessage): Promise<CommittedParams> {
    await this.assertConfigClean();
    const written = await writeParams(this.configPath, this.paramsKeys, updates);
    if (written.diff.length === 0) throw new TargetRepoError('config_unchanged', this.repoDir, 'the new params equal the current ones: nothing to commit');
    try {
      const text = formatCommitMessage(message.subject, message.trailers, message.body, message.extraTrailers);
      const sha = await this.commitText(text, true);
      return { sha, message: text, before: written.before, after: written.after, diff: written.diff };
    } catch (error) {
      await this.restoreConfig();
      throw error;
    }
  }

  /** Puts the config file back to HEAD in the index and working tree (used when an iteration aborts). */
  async restoreConfig(): Promise<void> {
    await this.raw(['checkout', 'HEAD', '--', this.configFile]);
  }

  /** The trailers of a commit, key → value (e.g. `{'Itercrew-Iteration': 'strategy-c-tune-000003', …}`). */
  async readTrailers(sha: string): Promise<Record<string, string>> {
    return parseTrailerLines(await this.raw(['show', '-s', '--format=%(trailers:unfold,only)', sha, '--']));
  }

  /**
   * Reverts a commit with `git revert` (a new commit undoing it; history shows both) and
   * optional Itercrew trailers. Refuses when other changes are staged (they would be swept into
   * the revert commit).
   *
   * @param options.subject default `Revert "<subject>"`; the body always says `This reverts commit <sha>.`
   * @returns the revert commit's sha.
   * When git's line merge conflicts (e.g. parameters on neighbouring lines) and the commit
   * touched only the config file, the revert is done parameter by parameter instead: each
   * parameter the commit changed gets its old value back, provided it was not changed again since.
   *
   * @throws TargetRepoError `index_not_clean`, `config_unchanged` (the change is already undone),
   *   `revert_conflict` (a parameter changed again since; nothing changed), `git_failed` (the repo
   *   is left as before).
   */
  async revert(sha: string, options: { subject?: string; body?: string; trailers?: ItercrewTrailers; extraTrailers?: Record<string, string> } = {}): Promise<string> {
    const full = (await this.raw(['rev-parse', '--verify', `${sha}^{commit}`])).trim();
    const staged = await this.raw(['diff', '--cached', '--name-only']);
    if (staged.trim() !== '') throw new TargetRepoError('index_not_clean', this.repoDir, `refusing to revert ${full.slice(0, 12)}: other changes are staged (${staged.trim().split('\n').join(', ')})`);
    const originalSubject = (await this.raw(['show', '-s', '--format=%s', full])).trim();
    try {
      await this.raw(['revert', '--no-commit', full]);
    } catch (error) {
      await this.raw(['revert', '--abort']).catch(() => undefined);
      // git's line merge conflicts on neighbouring lines (two parameters on adjacent lines);
      // a commit of the config file alone is then reverted parameter by parameter.
      const files = await this.changedFiles(full);
      if (files.length !== 1 || files[0] !== this.configFile) throw error;
      await this.revertParams(full);
    }
    const pending = await this.raw(['diff', '--cached', '--name-only']);
    if (pending.trim() === '') {
      await this.raw(['revert', '--quit']).catch(() => undefined);
      throw new TargetRepoError('config_unchanged', this.repoDir, `reverting ${full.slice(0, 12)} changes nothing (already undone)`);
    }
    const subject = options.subject ?? `Revert "${originalSubject}"`;
    const body = [options.body?.trim(), `This reverts commit ${full}.`].filter((s) => s !== undefined && s !== '').join('\n\n');
    const text =
      options.trailers !== undefined ? formatCommitMessage(subject, options.trailers, body, options.extraTrailers) : `${subject}\n\n${body}\n`;
    await this.raw(['commit', '--cleanup=whitespace', '-m', text]);
    return this.headSha();
  }

  /**
   * Undoes a config commit parameter by parameter on the working tree (and stages it): each
   * parameter the commit changed goes back to its old value, provided it still has the value
   * the commit gave it.
   *
   * @throws TargetRepoError `revert_conflict` naming each parameter changed again since (nothing written).
   */
  private async revertParams(sha: string): Promise<void> {
    const parent = (await this.raw(['rev-list', '--parents', '-n', '1', sha])).trim().split(' ')[1];
    if (parent === undefined) throw new TargetRepoError('revert_conflict', this.repoDir, `cannot revert ${sha.slice(0, 12)}: it is the first commit`);
    const changes = diffParams(await this.paramsAt(parent), await this.paramsAt(sha));
    const current = await this.paramsAt('HEAD');
    const updates: Params = {};
    const conflicts: string[] = [];
    for (const c of changes) {
      if (current[c.param] === (c.old ?? undefined)) continue; // already undone
      if (current[c.param] !== (c.new ?? undefined)) conflicts.push(`${c.param} was changed again since (now ${JSON.stringify(current[c.param] ?? null)})`);
      else if (c.old === null) conflicts.push(`${c.param} was added by the commit and cannot be removed from the params table`);
      else updates[c.param] = c.old;
    }
    if (conflicts.length > 0) throw new TargetRepoError('revert_conflict', this.repoDir, `cannot revert ${sha.slice(0, 12)}: ${conflicts.join('; ')}`);
    if (Object.keys(updates).length === 0) return; // nothing left to undo: reported as config_unchanged
    await writeParams(this.configPath, this.paramsKeys, updates);
    await this.raw(['add', '--', this.configFile]);
  }

  /**
   * The params table of the config file at a commit.
   * @throws TargetRepoError git_failed (unknown commit, file absent there); ConfigFileError (unparseable).
   */
  async paramsAt(sha: string): Promise<Params> {
    const text = await this.raw(['show', `${sha}:${this.configFile}`]);
    if (this.format === undefined) throw new TargetRepoError('git_failed', this.repoDir, `unsupported config file ${this.configFile}`);
    return parseConfigDocument(text, this.format, `${this.configFile}@${sha.slice(0, 12)}`).getParams(this.paramsKeys);
  }

  /** Structured diff of the config's params between two commits (from → to). */
  async configDiff(fromSha: string, toSha: string): Promise<ParamChange[]> {
    return diffParams(await this.paramsAt(fromSha), await this.paramsAt(toSha));
  }

  /** Files a commit changed (relative paths), e.g. to check that only the config file was committed. */
  async changedFiles(sha: string): Promise<string[]> {
    const out = await this.raw(['diff-tree', '--no-commit-id', '--name-only', '-r', '--root', sha]);
    return out.split('\n').filter((l) => l !== '');
  }

  /** Commits that touched the config file, newest first (at most `limit`, default 100). */
  async configHistory(limit = 100): Promise<ConfigCommit[]> {
    const out = await this.raw(['log', `-n${limit}`, '--format=%H%x1f%s%x1f%cI%x1f%(trailers:unfold,only)%x1e', '--', this.configFile]);
    return out
      .split('\x1e')
      .map((r) => r.replace(/^\n+/, ''))
      .filter((r) => r.trim() !== '')
      .map((r) => {
        const [sha = '', subject = '', date = '', trailers = ''] = r.split('\x1f');
        return { sha, subject, date, trailers: parseTrailerLines(trailers) };
      });
  }

  /**
   * The newest commit whose Itercrew-Iteration trailer is `iterationId`, if any: lets a re-run
   * after a crash see that the iteration's change is already committed (no duplicate commit).
   */
  async findIterationCommit(iterationId: string, limit = 1000): Promise<string | undefined> {
    return (await this.configHistory(limit)).find((c) => c.trailers[TRAILER_KEYS.iteration] === iterationId)?.sha;
  }
}
