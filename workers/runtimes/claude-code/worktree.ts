import { rm } from 'node:fs/promises';
import { simpleGit } from 'simple-git';

/** git worktree commands per repository run one at a time (git locks its worktree admin files). */
const queues = new Map<string, Promise<unknown>>();

function serial<T>(repoDir: string, job: () => Promise<T>): Promise<T> {
  const run = (queues.get(repoDir) ?? Promise.resolve()).then(job, job);
  queues.set(repoDir, run.catch(() => undefined));
  return run;
}

/**
 * Checks out `commit` of `repoDir` as a detached worktree at `dir` (which must not exist): the
 * agent's working directory — it can read the target's files, and nothing it does touches the
 * target's own working tree.
 *
 * @throws Error (from git) when the repo or commit is unusable.
 */
export function addWorktree(repoDir: string, commit: string, dir: string): Promise<void> {
  return serial(repoDir, async () => {
    await simpleGit(repoDir).raw(['worktree', 'add', '--detach', dir, commit]);
  });
}

/**
 * Removes the worktree at `dir` (and whatever the agent left in it): the folder is deleted, then
 * one `git worktree prune` drops git's record of it (cheaper than `worktree remove`, which runs
 * `git status` first). Never throws.
 */
export function removeWorktree(repoDir: string, dir: string): Promise<void> {
  return serial(repoDir, async () => {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    await simpleGit(repoDir).raw(['worktree', 'prune']).catch(() => undefined);
  });
}
