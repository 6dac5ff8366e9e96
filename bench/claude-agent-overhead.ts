/**
 * Claude Code agents (issue 4's figures), with the real binary (the pinned devDependency
 * @anthropic-ai/claude-code-linux-x64) against the scripted Messages API on loopback:
 *
 * 1. spawn-to-init latency per agent: from `ClaudeCodeRuntime.spawn()` to the stream-json `init`
 *    line — which Claude Code only writes once the MCP servers are up, so it includes starting
 *    `itercrew mcp`, its chat connection and room join (p50, p90 over the runs);
 * 2. itercrew's overhead per agent: the wall time of one agent run through the runtime
 *    (private folder, MCP config, git worktree created and removed, clean environment, stream-json
 *    parsing, transcript, watchdog, process-group check, cleanup) against a bare `claude -p` run
 *    with the same flags, MCP server and scripted conversation, started with a plain execa call,
 *    in the same process, runs interleaved. The bare run gets its folder and MCP config made
 *    beforehand (untimed) and runs in the same kind of directory as the agent: a git worktree of
 *    the target (Claude Code does more start-up work inside a git repository; that is Claude's
 *    cost, not itercrew's). A second bare series in a plain folder shows that cost too.
 *    Goal: p50 ratio ≤ 1.1 against the same-directory bare run.
 *
 * The scripted conversation: current_config → param_space → chat_wait → a text answer (4 API
 * turns, 3 MCP tool calls). Run: `npm run build && node dist/bench/claude-agent-overhead.js [runs=8]`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { packagedClaudeBinary } from '../workers/runtimes/claude-code/binary.js';
import { ClaudeCodeRuntime } from '../workers/runtimes/claude-code/claude-code-runtime.js';
import { writeAgentFiles } from '../workers/runtimes/claude-code/agent-files.js';
import { claudeArgs } from '../workers/runtimes/claude-code/spawn-args.js';
import { claudeEnv } from '../workers/runtimes/claude-code/environment.js';
import { SLOT_DEFAULTS } from '../workers/runtimes/claude-code/options.js';
import type { AgentSpec } from '../workers/runtimes/agent-runtime.js';
import { headSha } from './claude-support/head-sha.js';
import { makeRoom } from '../test/mcp/helpers.js';
import { callTool, sayText, ScriptedMessagesApi } from '../test/fixtures/claude/messages-api-server.js';
import { toolExchanges } from '../test/fixtures/claude/conversation.js';

const runs = Number(process.argv[2] ?? 8);
const claude = packagedClaudeBinary();
if (!claude) {
  process.stdout.write('claude-agent-overhead: the Claude Code binary is not installed (npm ci installs the devDependency); skipped\n');
  process.exit(0);
}

const steps = ['mcp__itercrew__current_config', 'mcp__itercrew__param_space', 'mcp__itercrew__chat_wait'];
const api = await ScriptedMessagesApi.start((req) => {
  const done = toolExchanges(req).length;
  return done < steps.length ? callTool(steps[done]!, done === 2 ? { timeout_seconds: 0.1 } : {}) : sayText('done');
});
const room = await makeRoom();
const home = path.join(room.dir, 'home');
await mkdir(home);
const baseEnv = { PATH: process.env.PATH, HOME: home, TMPDIR: os.tmpdir(), LANG: 'C.UTF-8' };
const repoCommit = await headSha(room.target.repoDir);
const runtime = new ClaudeCodeRuntime({ binary: claude, baseEnv, apiKey: 'sk-bench', baseUrl: api.url, maxRetries: 0 });

function spec(name: string): AgentSpec {
  const logDir = path.join(room.dir, 'logs');
  return {
    agentId: `bench.${name}`,
    name,
    role: 'tuner',
    seed: 1,
    iterationId: 'bench',
    chat: { url: room.server.url, key: room.server.masterKey as string, roomId: room.roomId },
    target: { file: room.target.definitionFile, runsDir: room.dir },
    logDir,
    prompt: { text: 'Read the config and the space, then look at the room.', system: 'Benchmark agent.' },
    workspace: { repoDir: room.target.repoDir, commit: repoCommit },
  };
}

/** One agent through itercrew's runtime: wall ms and spawn-to-init ms. */
async function viaItercrew(i: number): Promise<{ wallMs: number; initMs: number }> {
  const t0 = performance.now();
  const agent = await runtime.spawn(spec(`itercrew-${i}`));
  const exit = await agent.exited;
  const wallMs = performance.now() - t0;
  if (exit.exitCode !== 0 || exit.reason) throw new Error(`itercrew run ${i} failed: ${exit.outcome} ${exit.reason}`);
  return { wallMs, initMs: (agent.timings.initAt ?? Number.NaN) - agent.timings.spawnedAt };
}

/** The same agent as a bare `claude -p` (its folder, worktree or not, and MCP config prepared beforehand, untimed). */
async function bare(i: number, worktree = true): Promise<{ wallMs: number; initMs: number }> {
  const s = spec(`bare-${worktree ? 'wt' : 'plain'}-${i}`);
  const files = await writeAgentFiles(s, { worktree });
  const args = claudeArgs({ mcpConfigFile: files.mcpConfigFile, systemPromptFile: files.systemPromptFile, sessionId: randomUUID(), maxTurns: SLOT_DEFAULTS.maxTurns, maxBudgetUsd: SLOT_DEFAULTS.maxBudgetUsd, builtinTools: SLOT_DEFAULTS.allowedTools, prompt: s.prompt!.text });
  const env = claudeEnv(baseEnv, { apiKey: 'sk-bench', baseUrl: api.url, maxRetries: 0, mcpToolTimeoutMs: 90_000 });
  const t0 = performance.now();
  let initMs = Number.NaN;
  const child = execa(claude!, args, { cwd: files.cwd, env, extendEnv: false, stdin: 'ignore', reject: false, lines: true, stdout: 'pipe' });
  child.stdout.on('data', (chunk: Buffer) => {
    if (Number.isNaN(initMs) && chunk.toString().includes('"subtype":"init"')) initMs = performance.now() - t0;
  });
  const r = await child;
  const wallMs = performance.now() - t0;
  await files.cleanup();
  if (r.exitCode !== 0) throw new Error(`bare run ${i} failed: exit ${r.exitCode}`);
  return { wallMs, initMs };
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!;
};
const f = (x: number): string => `${x.toFixed(0)} ms`;

try {
  await mkdir(path.join(room.dir, 'logs'), { recursive: true });
  await viaItercrew(-1); // warm-up: page cache for the 380 MB binary, JIT of the MCP server
  await bare(-1);
  await bare(-1, false);
  const ours: Array<{ wallMs: number; initMs: number }> = [];
  const theirs: Array<{ wallMs: number; initMs: number }> = [];
  const plain: Array<{ wallMs: number; initMs: number }> = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, rotating who goes first, so machine load drifts hit all alike.
    const order = [() => viaItercrew(i).then((r) => ours.push(r)), () => bare(i).then((r) => theirs.push(r)), () => bare(i, false).then((r) => plain.push(r))];
    for (let k = 0; k < order.length; k++) await order[(i + k) % order.length]!();
  }
  const requests = api.requests.length;
  const ratio = pct(ours.map((r) => r.wallMs), 0.5) / pct(theirs.map((r) => r.wallMs), 0.5);
  process.stdout.write(
    [
      `Claude Code ${(await execa(claude, ['--version'])).stdout.trim()}, ${runs} runs each, ${requests} scripted API requests, ${os.cpus().length} cores`,
      `spawn-to-init per agent (itercrew runtime): p50 ${f(pct(ours.map((r) => r.initMs), 0.5))}, p90 ${f(pct(ours.map((r) => r.initMs), 0.9))}`,
      `spawn-to-init per agent (bare claude -p):   p50 ${f(pct(theirs.map((r) => r.initMs), 0.5))}`,
      `agent wall time, itercrew runtime:          p50 ${f(pct(ours.map((r) => r.wallMs), 0.5))}, p90 ${f(pct(ours.map((r) => r.wallMs), 0.9))}`,
      `agent wall time, bare claude -p:            p50 ${f(pct(theirs.map((r) => r.wallMs), 0.5))}, p90 ${f(pct(theirs.map((r) => r.wallMs), 0.9))} (in a git worktree, as the agent)`,
      `agent wall time, bare claude -p:            p50 ${f(pct(plain.map((r) => r.wallMs), 0.5))} (in a plain folder; spawn-to-init p50 ${f(pct(plain.map((r) => r.initMs), 0.5))})`,
      `itercrew overhead per agent: ${ratio.toFixed(3)}x (p50 over p50, same directory; goal <= 1.1x) ${ratio <= 1.1 ? 'OK' : 'ABOVE GOAL'}; against the plain-folder bare run: ${(pct(ours.map((r) => r.wallMs), 0.5) / pct(plain.map((r) => r.wallMs), 0.5)).toFixed(3)}x`,
    ].join('\n') + '\n',
  );
} finally {
  await api.close();
  await room.cleanup();
  await rm(home, { recursive: true, force: true });
}
