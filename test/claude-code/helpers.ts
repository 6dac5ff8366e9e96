import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { projectRoot } from '../../orchestrator/paths.js';
import type { AgentSpec } from '../../workers/runtimes/agent-runtime.js';

/** The fast fake `claude` (test/fixtures/claude/fake-claude.mjs). */
export const FAKE_CLAUDE = path.join(projectRoot(), 'test', 'fixtures', 'claude', 'fake-claude.mjs');

/** A temp folder for agent logs plus a real git repo with one commit (the target's workspace). */
export interface AgentSandbox {
  dir: string;
  logDir: string;
  repoDir: string;
  commit: string;
  spec(overrides?: Partial<AgentSpec>): AgentSpec;
  cleanup(): Promise<void>;
}

export async function makeSandbox(): Promise<AgentSandbox> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'itercrew-cc-'));
  const logDir = path.join(dir, 'logs');
  const repoDir = path.join(dir, 'repo');
  await simpleGit().raw(['init', '-q', repoDir]);
  await writeFile(path.join(repoDir, 'config.toml'), 'sigma = 0.003\n');
  const git = simpleGit(repoDir);
  await git.addConfig('user.name', 'test').addConfig('user.email', 'test@example.invalid');
  await git.add('config.toml').commit('seed');
  const commit = (await git.revparse(['HEAD'])).trim();
  await (await import('node:fs/promises')).mkdir(logDir);
  return {
    dir,
    logDir,
    repoDir,
    commit,
    spec(overrides = {}) {
      return {
        agentId: 'it-1.tuner-1',
        name: 'tuner-1',
        role: 'tuner',
        seed: 1,
        iterationId: 'it-1',
        chat: { url: 'tcp://127.0.0.1:1', key: 'secret-chat-key', roomId: 'room-1' },
        target: { file: path.join(dir, 'target.yaml'), runsDir: dir },
        logDir,
        prompt: { text: 'Propose one change.', system: 'You are tuner-1.' },
        workspace: { repoDir, commit },
        ...overrides,
      };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Reads what the fake claude recorded. */
export async function readRecord(file: string): Promise<{ argv: string[]; cwd: string; env: Record<string, string>; stdin: string | null; files: string[]; head: string | null; mcpConfig: { mcpServers: Record<string, { command: string; args: string[] }> } }> {
  return JSON.parse(await readFile(file, 'utf8'));
}
