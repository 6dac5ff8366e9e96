import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeExit } from '../../orchestrator/iteration/team.js';
import { processGroupAlive } from '../../workers/runtimes/process-group.js';
import { ClaudeCodeRuntime } from '../../workers/runtimes/claude-code/claude-code-runtime.js';
import type { ClaudeCodeRuntimeOptions } from '../../workers/runtimes/claude-code/options.js';
import { FAKE_CLAUDE, makeSandbox, readRecord, type AgentSandbox } from './helpers.js';

let sb: AgentSandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(async () => {
  await sb.cleanup();
});

function runtime(scenario: string, options: ClaudeCodeRuntimeOptions = {}): ClaudeCodeRuntime {
  return new ClaudeCodeRuntime({ binary: FAKE_CLAUDE, ...options, env: { FAKE_CLAUDE_SCENARIO: scenario, ...options.env } });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return false;
  }
}

describe('claude-code runtime (fake claude)', () => {
  it('spawns claude -p with the issue’s flags, prompt after --, a clean environment, in a worktree of the target', async () => {
    const record = path.join(sb.dir, 'record.json');
    const rt = runtime('ok', {
      apiKey: 'sk-from-settings',
      maxRetries: 1,
      mcpToolTimeoutMs: 45_000,
      baseEnv: { PATH: process.env.PATH, HOME: process.env.HOME, ITERCREW_CHAT_KEY: 'must-not-leak', CLAUDECODE: '1' },
      env: { FAKE_CLAUDE_RECORD: record },
    });
    const agent = await rt.spawn(sb.spec({ options: { model: 'claude-sonnet-4-5', maxTurns: 12, maxBudgetUsd: 0.5, allowedTools: ['Read'] } }));
    const exit = await agent.exited;
    expect(exit).toMatchObject({ outcome: 'exited', exitCode: 0, reason: null });
    const r = await readRecord(record);
    const a = r.argv;
    const after = (flag: string) => a[a.indexOf(flag) + 1];
    expect(a.slice(0, 4)).toEqual(['-p', '--output-format', 'stream-json', '--verbose']);
    expect(a).toContain('--strict-mcp-config');
    expect(a).toContain('--no-session-persistence');
    expect(a).not.toContain('--dangerously-skip-permissions');
    expect(after('--permission-mode')).toBe('dontAsk');
    expect(after('--max-turns')).toBe('12');
    expect(after('--max-budget-usd')).toBe('0.5');
    expect(after('--model')).toBe('claude-sonnet-4-5');
    expect(after('--tools')).toBe('Read');
    expect(after('--session-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const allowed = a.slice(a.indexOf('--allowedTools') + 1, a.indexOf('--max-turns'));
    expect(allowed).toEqual(expect.arrayContaining(['mcp__itercrew__propose', 'mcp__itercrew__chat_wait', 'mcp__itercrew__decide', 'mcp__itercrew__backtest', 'Read']));
    expect(allowed).not.toContain('Bash');
    expect(a.at(-2)).toBe('--');
    expect(a.at(-1)).toBe('Propose one change.');
    // environment
    expect(r.env).toMatchObject({ ANTHROPIC_API_KEY: 'sk-from-settings', DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', MCP_TOOL_TIMEOUT: '45000', CLAUDE_CODE_MAX_RETRIES: '1' });
    expect(r.env.ITERCREW_CHAT_KEY).toBeUndefined();
    expect(r.env.CLAUDECODE).toBeUndefined();
    // the MCP config starts itercrew's MCP server with the agent's own config file
    const server = r.mcpConfig.mcpServers.itercrew!;
    expect(server.args.slice(-2)[0]).toBe('--config');
    // cwd was a detached worktree of the target repo at the commit
    expect(r.cwd).toMatch(/itercrew-agent-tuner-1-.*\/workspace$/);
    expect(r.files).toContain('config.toml');
    expect(r.head).toBe(sb.commit);
    // after the exit the private folder (key, prompt, worktree) is gone and git forgot the worktree
    expect(existsSync(path.dirname(r.cwd))).toBe(false);
    const list = await simpleGit(sb.repoDir).raw(['worktree', 'list']);
    expect(list.trim().split('\n')).toHaveLength(1);
  });

  it('a completed run: usage for the run log, transcript saved line by line', async () => {
    const agent = await runtime('ok').spawn(sb.spec());
    const exit = await agent.exited;
    expect(exit.usage).toEqual({ turns: 2, costUsd: 0.0123, inputTokens: 1200, outputTokens: 80, cacheReadTokens: 10, cacheCreationTokens: 20, apiDurationMs: 30 });
    expect(describeExit(exit)).toBe('finished');
    const transcript = (await readFile(path.join(sb.logDir, 'tuner-1.claude.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).type);
    expect(transcript).toEqual(['system', 'assistant', 'result']);
    expect(agent.timings.initAt).toBeGreaterThanOrEqual(agent.timings.spawnedAt);
  });

  it('API overload, missing credentials and max turns are failed agents with the reason', async () => {
    const overloaded = await runtime('api-529').spawn(sb.spec());
    const e1 = await overloaded.exited;
    expect(e1.exitCode).toBe(1);
    expect(e1.reason).toMatch(/^API overloaded \(529\)/);
    expect(overloaded.apiRetries).toHaveLength(1);
    expect(describeExit(e1)).toMatch(/^crashed: exit code 1: API overloaded \(529\)/);
    const e2 = await (await runtime('no-credentials').spawn(sb.spec({ name: 'tuner-2' }))).exited;
    expect(e2.reason).toMatch(/^no credentials: Not logged in/);
    const e3 = await (await runtime('max-turns').spawn(sb.spec({ name: 'tuner-3' }))).exited;
    expect(e3.reason).toBe('max turns reached: Reached maximum number of turns (2)');
    expect(e3.usage?.turns).toBe(3);
  });

  it('kills an agent whose MCP server is not connected after init', async () => {
    const agent = await runtime('mcp-failed').spawn(sb.spec());
    const exit = await agent.exited;
    expect(exit.outcome).toBe('killed');
    expect(exit.reason).toMatch(/itercrew's MCP server did not start \(status failed/);
    expect(processGroupAlive(agent.pid!)).toBe(false);
  });

  it('the idle watchdog, the init timeout and the wall-clock cap kill the process group', async () => {
    const idle = await runtime('hang', { idleTimeoutMs: 300 }).spawn(sb.spec());
    expect(await idle.exited).toMatchObject({ outcome: 'killed', reason: 'idle for 0.3 s (no output)' });
    const silent = await runtime('silent', { initTimeoutMs: 300 }).spawn(sb.spec({ name: 'tuner-2' }));
    expect(await silent.exited).toMatchObject({ outcome: 'killed', reason: 'no init line within 300 ms' });
    const wall = await runtime('hang', { wallClockMs: 400, idleTimeoutMs: 60_000 }).spawn(sb.spec({ name: 'tuner-3' }));
    expect(await wall.exited).toMatchObject({ outcome: 'killed', reason: 'wall-clock cap of 0.4 s reached' });
    for (const a of [idle, silent, wall]) expect(processGroupAlive(a.pid!)).toBe(false);
  });

  it('a process still alive after its result line is killed (SIGKILL when it ignores SIGTERM), usage kept', async () => {
    const agent = await runtime('linger', { lingerMs: 200 }).spawn(sb.spec());
    const exit = await agent.exited;
    expect(exit.outcome).toBe('killed');
    expect(exit.reason).toBe('still running 0.2 s after its result line');
    expect(exit.signal).toBe('SIGKILL');
    expect(exit.usage?.costUsd).toBe(0.0123);
  });

  it('nothing the agent started outlives it', async () => {
    const agent = await runtime('grandchild').spawn(sb.spec());
    await agent.exited;
    const lines = (await readFile(path.join(sb.logDir, 'tuner-1.claude.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const grandchild = lines.find((l) => l.type === 'fake').grandchild as number;
    expect(alive(grandchild)).toBe(false);
  });

  it('garbage lines are kept in the transcript and reported, never fatal; a crash without a result says so', async () => {
    const agent = await runtime('garbage').spawn(sb.spec());
    expect(await agent.exited).toMatchObject({ exitCode: 0, reason: null });
    expect(agent.invalidLines).toHaveLength(3);
    expect(agent.invalidLines[0]).toMatch(/^not JSON/);
    const crash = await (await runtime('crash').spawn(sb.spec({ name: 'tuner-2' }))).exited;
    expect(crash).toMatchObject({ outcome: 'exited', exitCode: 3, reason: 'exited without a result line' });
    expect(await readFile(path.join(sb.logDir, 'tuner-2.stderr.log'), 'utf8')).toContain('fake claude: boom');
  });

  it('a missing binary or an unusable workspace is spawn_failed, never a throw', async () => {
    const missing = await new ClaudeCodeRuntime({ binary: path.join(sb.dir, 'no-such-claude') }).spawn(sb.spec());
    expect(missing.pid).toBeNull();
    expect(await missing.exited).toMatchObject({ outcome: 'spawn_failed' });
    const badRepo = await runtime('ok').spawn(sb.spec({ workspace: { repoDir: sb.dir, commit: 'deadbeef' } }));
    const exit = await badRepo.exited;
    expect(exit.outcome).toBe('spawn_failed');
    expect(exit.reason).toMatch(/could not prepare the agent/);
  });

  it('a prompt too long for argv goes on stdin', async () => {
    const record = path.join(sb.dir, 'record.json');
    const long = 'x'.repeat(70 * 1024);
    await (await runtime('ok', { env: { FAKE_CLAUDE_RECORD: record } }).spawn(sb.spec({ prompt: { text: long, system: '' } }))).exited;
    const r = await readRecord(record);
    expect(r.argv).not.toContain('--');
    expect(r.stdin).toBe(long);
  });
});
