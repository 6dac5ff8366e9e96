import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureWorkspaceRepo, readParams, TargetRepo, TargetRepoError, writeParams } from '../../orchestrator/target/index.js';

const SEED = `# demo seed
[demo]
name = "demo"

[demo.params]
a = 1.0      # the a knob
n = 3
mode = "rate"
`;

let root: string;
let seedPath: string;
const savedHome = process.env.HOME;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'itercrew-git-'));
  // No global git identity: commits must not depend on it.
  process.env.HOME = path.join(root, 'home');
  process.env.XDG_CONFIG_HOME = path.join(root, 'home', '.config');
  await mkdir(process.env.HOME, { recursive: true });
  seedPath = path.join(root, 'seed.toml');
  await writeFile(seedPath, SEED);
});
afterAll(async () => {
  process.env.HOME = savedHome;
  await rm(root, { recursive: true, force: true });
});

let n = 0;
let repoDir: string;
let repo: TargetRepo;
const keys = ['demo', 'params'];
const trailers = { iteration: 'demo-tune-000001', run: 'run-1', decidedBy: 'tuner-2 (agent-7)' };

beforeEach(async () => {
  repoDir = path.join(root, `runs-${++n}`, 'demo', 'workspace');
  const created = await ensureWorkspaceRepo({ name: 'demo', repoDir, configFile: 'conf/demo.toml', seedConfigPath: seedPath });
  expect(created.created).toBe(true);
  repo = new TargetRepo({ repoDir, configFile: 'conf/demo.toml', paramsKeys: keys });
});

const git = () => simpleGit({ baseDir: repoDir });
const log = async () => (await git().raw(['log', '--format=%H %an <%ae> %s'])).trim().split('\n');

describe('workspace repo', () => {
  it('is created once from the seed with a repo-local itercrew identity and one commit', async () => {
    expect(await readFile(path.join(repoDir, 'conf/demo.toml'), 'utf8')).toBe(SEED);
    expect((await git().raw(['config', '--local', 'user.name'])).trim()).toBe('itercrew');
    const lines = await log();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^[0-9a-f]{40} itercrew <itercrew@localhost> Seed demo config from seed.toml$/);
    expect((await git().raw(['status', '--porcelain'])).trim()).toBe('');
    const again = await ensureWorkspaceRepo({ name: 'demo', repoDir, configFile: 'conf/demo.toml', seedConfigPath: seedPath });
    expect(again).toEqual({ created: false, head: await repo.headSha() });
    expect(await log()).toHaveLength(1);
  });

  it('refuses without a seed, or over a non-empty folder that is not a repo', async () => {
    const none = path.join(root, 'no-seed');
    await expect(ensureWorkspaceRepo({ name: 'x', repoDir: none, configFile: 'c.toml' })).rejects.toMatchObject({ code: 'repo_missing' });
    const full = path.join(root, 'full');
    await mkdir(full, { recursive: true });
    await writeFile(path.join(full, 'precious.txt'), 'mine');
    await expect(ensureWorkspaceRepo({ name: 'x', repoDir: full, configFile: 'c.toml', seedConfigPath: seedPath })).rejects.toThrow(/not a git repository \(and is not empty\)/);
    expect(await readFile(path.join(full, 'precious.txt'), 'utf8')).toBe('mine');
  });
});

describe('config commits', () => {
  it('writes and commits only the config file, with trailers, whatever else is dirty or staged', async () => {
    await writeFile(path.join(repoDir, 'notes.txt'), 'tracked\n');
    await git().raw(['-c', 'user.name=x', '-c', 'user.email=x@y', 'add', 'notes.txt']);
    await git().raw(['-c', 'user.name=x', '-c', 'user.email=x@y', 'commit', '-q', '-m', 'notes']);
    await writeFile(path.join(repoDir, 'notes.txt'), 'modified\n'); // dirty, unstaged
    await writeFile(path.join(repoDir, 'staged.txt'), 'staged\n');
    await git().raw(['add', 'staged.txt']); // staged, not ours
    await writeFile(path.join(repoDir, 'untracked.txt'), 'u\n');

    const base = await repo.headSha();
    const result = await repo.commitParams({ a: 1.5, n: 4 }, { subject: 'demo #1: a 1.0 → 1.5, n 3 → 4', body: 'Because the in-sample PnL rose.', trailers });
    expect(result.diff).toEqual([
      { param: 'a', old: 1, new: 1.5 },
      { param: 'n', old: 3, new: 4 },
    ]);
    expect(result.sha).toBe(await repo.headSha());
    expect(await repo.changedFiles(result.sha)).toEqual(['conf/demo.toml']);
    expect(await repo.readTrailers(result.sha)).toEqual({
      'Itercrew-Iteration': 'demo-tune-000001',
      'Itercrew-Run': 'run-1',
      'Itercrew-Decided-By': 'tuner-2 (agent-7)',
    });
    expect((await git().raw(['show', '-s', '--format=%an <%ae>|%B', result.sha])).trim()).toBe(
      'itercrew <itercrew@localhost>|demo #1: a 1.0 → 1.5, n 3 → 4\n\nBecause the in-sample PnL rose.\n\nItercrew-Iteration: demo-tune-000001\nItercrew-Run: run-1\nItercrew-Decided-By: tuner-2 (agent-7)',
    );
    // the committed file equals the decision, comments kept
    const committed = await git().raw(['show', `${result.sha}:conf/demo.toml`]);
    expect(committed).toBe(SEED.replace('a = 1.0      # the a knob', 'a = 1.5      # the a knob').replace('n = 3', 'n = 4'));
    expect(await repo.paramsAt(result.sha)).toEqual({ a: 1.5, n: 4, mode: 'rate' });
    // the other files are exactly as they were
    const status = (await git().raw(['status', '--porcelain'])).split('\n').filter(Boolean).sort();
    expect(status).toEqual([' M notes.txt', '?? untracked.txt', 'A  staged.txt']);
    expect(await repo.configDiff(base, result.sha)).toEqual(result.diff);
    expect(await repo.isConfigClean()).toBe(true);
  });

  it('refuses a dirty config file with a clear error and changes nothing', async () => {
    const file = path.join(repoDir, 'conf/demo.toml');
    const edited = SEED.replace('n = 3', 'n = 5 # by hand');
    await writeFile(file, edited);
    const head = await repo.headSha();
    const error = await repo.commitParams({ a: 1.5 }, { subject: 's', trailers }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetRepoError);
    expect((error as TargetRepoError).code).toBe('config_dirty');
    expect((error as Error).message).toMatch(/config file conf\/demo\.toml has uncommitted changes .*The iteration stopped; nothing was changed\./);
    expect(await readFile(file, 'utf8')).toBe(edited);
    expect(await repo.headSha()).toBe(head);
    expect(await repo.isConfigClean()).toBe(false);
    // staged hand edits count as dirty too
    await git().raw(['add', 'conf/demo.toml']);
    await expect(repo.assertConfigClean()).rejects.toMatchObject({ code: 'config_dirty' });
  });

  it('refuses an unchanged config (no empty commit)', async () => {
    const head = await repo.headSha();
    await expect(repo.commitParams({ a: 1, n: 3 }, { subject: 's', trailers })).rejects.toMatchObject({ code: 'config_unchanged' });
    expect(await repo.headSha()).toBe(head);
    await expect(repo.commitConfig({ subject: 's', trailers })).rejects.toMatchObject({ code: 'config_unchanged' });
  });

  it('restores the config file to HEAD (an aborted iteration)', async () => {
    await writeParams(repo.configPath, keys, { a: 0.5 });
    await git().raw(['add', 'conf/demo.toml']);
    expect(await repo.isConfigClean()).toBe(false);
    await repo.restoreConfig();
    expect(await readFile(repo.configPath, 'utf8')).toBe(SEED);
    expect(await repo.isConfigClean()).toBe(true);
  });

  it('restores the file when the commit itself fails (a failing pre-commit hook)', async () => {
    const hook = path.join(repoDir, '.git/hooks/pre-commit');
    await writeFile(hook, '#!/bin/sh\necho "hook says no" >&2\nexit 1\n');
    await chmod(hook, 0o755);
    const head = await repo.headSha();
    const error = await repo.commitParams({ a: 1.5 }, { subject: 's', trailers }).catch((e: unknown) => e);
    expect((error as TargetRepoError).code).toBe('git_failed');
    expect((error as Error).message).toContain('hook says no');
    expect(await readFile(repo.configPath, 'utf8')).toBe(SEED);
    expect(await repo.headSha()).toBe(head);
    expect(await repo.isConfigClean()).toBe(true);
  });

  it('reverts a commit with git revert, keeping both in history', async () => {
    const first = await repo.commitParams({ a: 1.5 }, { subject: 'demo #1', trailers });
    const second = await repo.commitParams({ n: 4 }, { subject: 'demo #2', trailers: { ...trailers, iteration: 'demo-tune-000002' } });
    const revert = await repo.revert(first.sha, { trailers: { iteration: 'demo-review-000003', run: 'run-1', decidedBy: 'reviewer-1' }, body: 'Holdout PnL fell.' });
    expect(await readParams(repo.configPath, keys)).toEqual({ a: 1, n: 4, mode: 'rate' });
    expect(await repo.changedFiles(revert)).toEqual(['conf/demo.toml']);
    const message = (await git().raw(['show', '-s', '--format=%B', revert])).trim();
    expect(message).toBe(`Revert "demo #1"\n\nHoldout PnL fell.\n\nThis reverts commit ${first.sha}.\n\nItercrew-Iteration: demo-review-000003\nItercrew-Run: run-1\nItercrew-Decided-By: reviewer-1`);
    const history = await repo.configHistory();
    expect(history.map((c) => c.sha)).toEqual([revert, second.sha, first.sha, expect.stringMatching(/^[0-9a-f]{40}$/)]);
    expect(await repo.findIterationCommit('demo-tune-000002')).toBe(second.sha);
    expect(await repo.findIterationCommit('demo-tune-000009')).toBeUndefined();
    expect(await repo.configDiff(second.sha, revert)).toEqual([{ param: 'a', old: 1.5, new: 1 }]);
    // reverting again changes nothing: refused, repo unchanged and usable
    await expect(repo.revert(first.sha)).rejects.toMatchObject({ code: 'config_unchanged' });
    expect(await repo.headSha()).toBe(revert);
    expect((await git().raw(['status', '--porcelain'])).trim()).toBe('');
    await expect(repo.commitParams({ n: 5 }, { subject: 'demo #4', trailers })).resolves.toMatchObject({ diff: [{ param: 'n', old: 4, new: 5 }] });
  });

  it('reverts a commit whose parameter was changed again since: revert_conflict, nothing changed', async () => {
    const first = await repo.commitParams({ a: 1.5 }, { subject: 'demo #1', trailers });
    const second = await repo.commitParams({ a: 2 }, { subject: 'demo #2', trailers });
    const error = await repo.revert(first.sha).catch((e: unknown) => e);
    expect((error as TargetRepoError).code).toBe('revert_conflict');
    expect((error as Error).message).toContain('a was changed again since (now 2)');
    expect(await repo.headSha()).toBe(second.sha);
    expect((await git().raw(['status', '--porcelain'])).trim()).toBe('');
  });

  it('uses plain git revert when the lines do not touch', async () => {
    const spaced = path.join(root, 'spaced.toml');
    await writeFile(spaced, '[demo.params]\na = 1.0\n\n# between\n\nz = 0\n\n\n\nn = 3\n');
    const dir = path.join(root, `spaced-${n}`);
    await ensureWorkspaceRepo({ name: 'demo', repoDir: dir, configFile: 'c.toml', seedConfigPath: spaced });
    const r = new TargetRepo({ repoDir: dir, configFile: 'c.toml', paramsKeys: keys });
    const first = await r.commitParams({ a: 1.5 }, { subject: 'one', trailers });
    await r.commitParams({ n: 4 }, { subject: 'two', trailers });
    await r.revert(first.sha);
    expect(await readParams(r.configPath, keys)).toEqual({ a: 1, z: 0, n: 4 });
  });

  it('refuses to revert when other changes are staged', async () => {
    const first = await repo.commitParams({ a: 1.5 }, { subject: 'demo #1', trailers });
    await writeFile(path.join(repoDir, 'other.txt'), 'x');
    await git().raw(['add', 'other.txt']);
    await expect(repo.revert(first.sha)).rejects.toMatchObject({ code: 'index_not_clean' });
    expect(await repo.headSha()).toBe(first.sha);
  });
});
