import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeExit } from '../../orchestrator/iteration/team.js';
import { runPaths } from '../../orchestrator/runlog/run-paths.js';
import { processGroupAlive } from '../../workers/runtimes/process-group.js';
import { callTool, type Script } from '../fixtures/claude/messages-api-server.js';
import { CLAUDE, makeRealHarness, type RealHarness } from './real-harness.js';

let h: RealHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

async function harness(script: Script): Promise<RealHarness> {
  h = await makeRealHarness(script);
  return h;
}

const overloaded: Script = () => ({ kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' });

describe.skipIf(!CLAUDE)('failure paths with the real Claude Code binary', () => {
  it('529 overloaded: retried as configured, then a failed agent with the reason', async () => {
    const x = await harness(overloaded);
    const agent = await x.runtime({ maxRetries: 1 }).spawn(await x.loneSpec('tuner-1'));
    const exit = await agent.exited;
    expect(exit.outcome).toBe('exited');
    expect(exit.exitCode).toBe(1);
    expect(exit.reason).toMatch(/^API overloaded \(529\): API Error: 529/);
    expect(agent.apiRetries.map((r) => r.error_status)).toEqual([529]);
    expect(x.api.requests).toHaveLength(2);
    expect(agent.init?.mcp_servers).toEqual([expect.objectContaining({ name: 'itercrew', status: 'connected' })]);
  });

  it('429 rate limited', async () => {
    const x = await harness(() => ({ kind: 'error', status: 429, type: 'rate_limit_error', message: 'Rate limited', retryAfterSeconds: 0 }));
    const exit = await (await x.runtime().spawn(await x.loneSpec('tuner-1'))).exited;
    expect(exit.reason).toMatch(/^API rate limited \(429\)/);
  });

  it('max turns: stopped by --max-turns, turns and cost recorded', async () => {
    const x = await harness(() => callTool('mcp__itercrew__chat_wait', { timeout_seconds: 0.1 }));
    const spec = { ...(await x.loneSpec('tuner-1')), options: { maxTurns: 2, model: 'claude-sonnet-4-5' } };
    const exit = await (await x.runtime().spawn(spec)).exited;
    expect(exit.reason).toBe('max turns reached: Reached maximum number of turns (2)');
    expect(exit.usage?.turns).toBe(3); // Claude Code counts the refused turn (observed with 2.1.330)
    expect(exit.usage?.costUsd).toBeGreaterThan(0);
  });

  it('budget exceeded: stopped by --max-budget-usd', async () => {
    const x = await harness(() => ({ ...callTool('mcp__itercrew__chat_wait', { timeout_seconds: 0.1 }), usage: { input_tokens: 100_000, output_tokens: 1_000 } }));
    const spec = { ...(await x.loneSpec('tuner-1')), options: { maxBudgetUsd: 0.5, model: 'claude-sonnet-4-5' } };
    const exit = await (await x.runtime().spawn(spec)).exited;
    expect(exit.reason).toBe('budget exceeded: Reached maximum budget ($0.5)');
    expect(exit.usage?.costUsd).toBeGreaterThanOrEqual(0.5);
  });

  it('a hang: the API never answers, the idle watchdog kills the whole process group', async () => {
    const x = await harness(() => ({ kind: 'hang' }));
    // Long enough for Claude Code to start and print its init line on a slow host (spawn to init
    // is ~1.5 s here, more when the machine is busy): the hang is the API's, after init.
    const agent = await x.runtime({ idleTimeoutMs: 5_000 }).spawn(await x.loneSpec('tuner-1'));
    const exit = await agent.exited;
    expect(exit).toMatchObject({ outcome: 'killed', reason: 'idle for 5 s (no output)' });
    expect(agent.init).not.toBeNull();
    expect(processGroupAlive(agent.pid!)).toBe(false);
  });

  it('an MCP server that fails to start: the agent is killed and recorded as failed', async () => {
    const x = await harness(overloaded);
    const spec = await x.loneSpec('tuner-1');
    spec.chat = { ...spec.chat, url: 'tcp://127.0.0.1:1' }; // itercrew mcp cannot reach the chat server and exits 1
    const agent = await x.runtime().spawn(spec);
    const exit = await agent.exited;
    expect(exit.outcome).toBe('killed');
    expect(exit.reason).toMatch(/^itercrew's MCP server did not start \(status failed; see tuner-1\.mcp\.log\)/);
    expect(describeExit(exit)).toMatch(/^killed: itercrew's MCP server did not start/);
    expect(processGroupAlive(agent.pid!)).toBe(false);
  });

  it('no credentials: a failed agent that says so', async () => {
    const x = await harness(overloaded);
    const agent = await x.runtime({ apiKey: undefined }).spawn(await x.loneSpec('tuner-1'));
    const exit = await agent.exited;
    expect(agent.init?.apiKeySource).toBe('none');
    expect(exit.reason).toMatch(/^no credentials: Not logged in/);
    expect(x.api.requests).toHaveLength(0);
  });

  it('an iteration whose agents all fail records each failure and fails with the reasons', async () => {
    const x = await harness(overloaded);
    const slot = { role: 'tuner', runtime: 'claude-code' };
    const conductor = await x.open(x.settings({ team: [slot, slot] }));
    const result = await conductor.runIteration();
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^no agent proposed: every agent exited first \(tuner-1: crashed: exit code 1: API overloaded \(529\).*tuner-2: crashed: exit code 1: API overloaded \(529\)/);
    const { events } = await conductor.runLog.read();
    const exits = events.filter((e) => e.type === 'agent_exited');
    expect(exits).toHaveLength(2);
    const transcript = await readFile(path.join(runPaths(x.dir, x.target.name).iterationDir(result.iterationId), 'tuner-1.claude.jsonl'), 'utf8');
    expect(transcript).toContain('"terminal_reason":"api_error"');
  });
});
