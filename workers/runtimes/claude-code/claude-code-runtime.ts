import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import type { AgentHandle, AgentRuntime, AgentSpec } from '../agent-runtime.js';
import { writeAgentFiles, type AgentFiles } from './agent-files.js';
import { locateClaudeBinary } from './binary.js';
import { ClaudeCodeAgentHandle } from './claude-code-agent.js';
import { claudeEnv } from './environment.js';
import { resolveClaudeCodeOptions, SLOT_DEFAULTS, type ClaudeCodeRuntimeOptions, type ResolvedClaudeCodeOptions } from './options.js';
import { claudeArgs, MAX_ARGV_PROMPT_BYTES } from './spawn-args.js';
import { Transcript } from './transcript.js';

/** The prompt used when the spec carries none (tests, ad-hoc runs). */
const FALLBACK_PROMPT = 'You are an itercrew agent. Use the itercrew MCP tools: read the brief with chat_history, then follow it.';

/**
 * The `claude-code` runtime: each agent is a fresh `claude -p` process (the native binary, see
 * binary.ts) started with execa in its own process group, in a detached git worktree of the
 * target, with a per-agent MCP config that starts `itercrew mcp` as the agent's identity in the
 * room (orchestrator/mcp). Arguments: spawn-args.ts; environment: environment.ts; stdout
 * stream-json is parsed with zod (stream-json/), saved as `<logDir>/<name>.claude.jsonl`, and
 * supervised (watchdog.ts: idle, wall clock, linger after the result line); the result line
 * decides the outcome (outcome.ts). stderr goes to `<name>.stderr.log`.
 *
 * ```ts
 * const runtime = new ClaudeCodeRuntime({ apiKey, idleTimeoutMs: 120_000 });
 * const agent = await runtime.spawn(spec);
 * const exit = await agent.exited; // {outcome, reason, usage: {turns, costUsd, …}}
 * ```
 */
export class ClaudeCodeRuntime implements AgentRuntime {
  readonly name = 'claude-code';
  readonly binary: string;
  private readonly options: ResolvedClaudeCodeOptions;

  constructor(options: ClaudeCodeRuntimeOptions = {}) {
    this.options = resolveClaudeCodeOptions(options);
    this.binary = locateClaudeBinary(options.binary, options.baseEnv ?? process.env);
  }

  /** Starts one agent; a failure to prepare or start it is a handle whose `exited` says `spawn_failed`. */
  async spawn(spec: AgentSpec): Promise<ClaudeCodeAgentHandle> {
    const o = this.options;
    const started = Date.now();
    const supervision = { idleTimeoutMs: o.idleTimeoutMs, wallClockMs: o.wallClockMs, lingerMs: o.lingerMs, initTimeoutMs: o.initTimeoutMs, requireMcp: o.requireMcp };
    let files: AgentFiles;
    try {
      files = await writeAgentFiles(spec, { mcpServer: o.mcpServer, chatWaitMaxMs: o.chatWaitMaxMs, worktree: o.worktree });
    } catch (err) {
      return new ClaudeCodeAgentHandle(spec, null, started, `could not prepare the agent: ${(err as Error).message}`, null, supervision, async () => undefined);
    }
    const prompt = spec.prompt?.text ?? FALLBACK_PROMPT;
    const onStdin = Buffer.byteLength(prompt) > MAX_ARGV_PROMPT_BYTES;
    const slot = spec.options ?? {};
    const args = claudeArgs({
      mcpConfigFile: files.mcpConfigFile,
      systemPromptFile: files.systemPromptFile,
      sessionId: randomUUID(),
      maxTurns: slot.maxTurns ?? SLOT_DEFAULTS.maxTurns,
      maxBudgetUsd: slot.maxBudgetUsd ?? SLOT_DEFAULTS.maxBudgetUsd,
      model: slot.model,
      builtinTools: slot.allowedTools ?? SLOT_DEFAULTS.allowedTools,
      prompt: onStdin ? undefined : prompt,
    });
    const env = claudeEnv(o.baseEnv ?? process.env, {
      apiKey: o.apiKey,
      oauthToken: o.oauthToken,
      baseUrl: o.baseUrl,
      maxRetries: o.maxRetries,
      mcpToolTimeoutMs: o.mcpToolTimeoutMs,
      extra: { ...o.env, ...spec.env },
    });
    const transcript = new Transcript(spec.logDir, spec.name);
    let child: ResultPromise | null = null;
    let spawnError: string | null = null;
    try {
      child = execa(this.binary, args, {
        cwd: files.cwd,
        env,
        extendEnv: false,
        detached: true,
        cleanup: true,
        reject: false,
        buffer: false,
        ...(onStdin ? { input: prompt } : { stdin: 'ignore' as const }),
        stdout: 'pipe',
        stderr: { file: path.join(spec.logDir, `${spec.name}.stderr.log`) },
      });
    } catch (err) {
      spawnError = (err as Error).message;
    }
    return new ClaudeCodeAgentHandle(spec, child, started, spawnError, transcript, supervision, files.cleanup);
  }
}

export type { AgentHandle };
