import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { TargetRepoError } from '../errors/index.js';
import type { Target } from '../definition/target.js';
import { ITERCREW_GIT_IDENTITY, itercrewGitConfig } from './git-identity.js';

/** Result of {@link ensureWorkspaceRepo}. */
export interface WorkspaceRepo {
  /** True when this call created the repo. */
  created: boolean;
  /** HEAD sha after the call. */
  head: string;
}

/**
 * Makes sure the target's repo exists. An existing git repo (a `.git` entry in `repoDir`) is
 * used as it is. Otherwise, when the target has a seed, a workspace repo is created: `git init`
 * (branch main), a repo-local itercrew identity (user.name/user.email in .git/config), the seed
 * config copied to `configFile`, and one initial commit of that file. The repo is built in a
 * temp folder beside `repoDir` and renamed into place, so a crash never leaves a half-made repo.
 *
 * @throws TargetRepoError `repo_missing` when there is no repo and no seed, or `repoDir` is a
 *   non-empty folder that is not a git repo; `git_failed` when git fails.
 */
export async function ensureWorkspaceRepo(
  target: Pick<Target, 'name' | 'repoDir' | 'configFile' | 'seedConfigPath'>,
): Promise<WorkspaceRepo> {
  const { repoDir } = target;
  if (existsSync(path.join(repoDir, '.git'))) {
    return { created: false, head: await headOf(repoDir) };
  }
  if (target.seedConfigPath === undefined) throw new TargetRepoError('repo_missing', repoDir, 'not a git repository, and the target has no seed to create it from');
  if (existsSync(repoDir) && (await readdir(repoDir)).length > 0)
    throw new TargetRepoError('repo_missing', repoDir, 'exists but is not a git repository (and is not empty): refusing to create a workspace repo over it');

  await mkdir(path.dirname(repoDir), { recursive: true });
  const staging = `${repoDir}.creating-${process.pid}-${Date.now()}`;
  try {
    await mkdir(staging, { recursive: true });
    const git = simpleGit({ baseDir: staging, config: itercrewGitConfig() });
    await git.raw(['init', '--quiet', '--initial-branch=main']);
    await git.raw(['config', 'user.name', ITERCREW_GIT_IDENTITY.name]);
    await git.raw(['config', 'user.email', ITERCREW_GIT_IDENTITY.email]);
    await git.raw(['config', 'commit.gpgsign', 'false']);
    const dest = path.join(staging, target.configFile);
    await mkdir(path.dirname(dest), { recursive: true });
    await copyFile(target.seedConfigPath, dest);
    await git.raw(['add', '--', target.configFile]);
    await git.raw(['commit', '--quiet', '-m', `Seed ${target.name} config from ${path.basename(target.seedConfigPath)}`]);
    if (existsSync(repoDir)) await rm(repoDir, { recursive: true }); // an empty folder
    await rename(staging, repoDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof TargetRepoError) throw error;
    throw new TargetRepoError('git_failed', repoDir, `cannot create the workspace repo: ${(error as Error).message}`, { cause: error });
  }
  return { created: true, head: await headOf(repoDir) };
}

async function headOf(repoDir: string): Promise<string> {
  try {
    return (await simpleGit({ baseDir: repoDir }).raw(['rev-parse', '--verify', 'HEAD'])).trim();
  } catch (error) {
    throw new TargetRepoError('git_failed', repoDir, `cannot read HEAD (a repo without commits?): ${(error as Error).message.trim()}`, { cause: error });
  }
}
