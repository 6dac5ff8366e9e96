import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import type { AgentExit, AgentHandle, AgentRuntime, AgentSpec } from '../agent-runtime.js';
import { writeAgentFiles, type AgentFiles, type McpServerCommand } from '../claude-code/agent-files.js';
import { claudeEnv } from '../claude-code/environment.js';
import { Transcript } from '../claude-code/transcript.js';
import { Watchdog } from '../claude-code/watchdog.js';
import { ProcessAgentHandle } from '../local.js';
import { CliEventParser, type CliRunSummary } from './cli-events.js';
import { buildInvocation } from './templates.js';

/** Options of {@link CommandRuntime}. */
export interface CommandRuntimeOptions {
  /** Kill an agent silent this long, ms. Default 180 000. */
  idleTimeoutMs?: number;
  /** Kill an agent running longer than this, ms. Default 15 min. */
  wallClockMs?: number;
  /** Kill an agent still running this long after its final event, ms. Default 10 000. */
  lingerMs?: number;
  /** MCP tool call timeout given to the CLI, ms. Default 90 000. */
  mcpToolTimeoutMs?: number;
  /** Longest chat_wait of itercrew's MCP server, ms. Default 60 000. */
  chatWaitMaxMs?: number;
  /** How to start itercrew's MCP server. Default `node dist/orchestrator/mcp/main.js`. */
  mcpServer?: McpServerCommand;
  /** Executables of the templates. Default: `codex` / `gemini` on PATH. */
  binaries?: { codex?: string; gemini?: string };
  /** Run each agent in a git worktree of the target. Default true. */
  worktree?: boolean;
  /** Extra environment (applied last). */
  env?: Record<string, string | undefined>;
  /** Environment agents inherit. Default `process.env`. */
  baseEnv?: NodeJS.ProcessEnv;
}

/**
 * The `command` runtime: any agent CLI through a template (templates.ts) — Codex
 * (`codex exec --json`), Gemini CLI (`-p … -o stream-json`) or a user script — with the same
 * per-agent MCP server (`itercrew mcp` as the agent's identity), private folder, worktree, clean
 * environment and supervision (idle, wall clock, linger) as the claude-code runtime. Its JSONL
 * events are parsed (cli-events.ts) for the outcome and usage; the transcript is
 * `<logDir>/<name>.command.jsonl`. The slot says which template: `command: {template, argv?}`.
 */
export class CommandRuntime implements AgentRuntime {
  readonly name = 'command';

  constructor(private readonly options: CommandRuntimeOptions = {}) {}

  async spawn(spec: AgentSpec): Promise<CommandAgentHandle> {
    const o = this.options;
    const started = Date.now();
    const template = spec.options?.command?.template;
    const fail = (why: string) => new CommandAgentHandle(spec, null, started, why, null, null, o, async () => undefined);
    if (!template) return fail('the slot has no `command: {template: codex | gemini | script}`');
    let files: AgentFiles;
    try {
      files = await writeAgentFiles(spec, { mcpServer: o.mcpServer, chatWaitMaxMs: o.chatWaitMaxMs, worktree: o.worktree });
    } catch (err) {
      return fail(`could not prepare the agent: ${(err as Error).message}`);
    }
    let invocation;
    try {
      invocation = buildInvocation(template, {
        prompt: spec.prompt?.text ?? 'You are an itercrew agent: use the itercrew MCP tools (start with chat_wait).',
        system: spec.prompt?.system ?? '',
        mcpServer: files.mcpServer,
        mcpConfigFile: files.mcpConfigFile,
        privateDir: files.dir,
        mcpToolTimeoutMs: o.mcpToolTimeoutMs ?? 90_000,
        model: spec.options?.model,
        argv: spec.options?.command?.argv,
        binaries: o.binaries,
      });
      for (const [rel, content] of Object.entries(invocation.cwdFiles)) {
        await mkdir(path.dirname(path.join(files.cwd, rel)), { recursive: true });
        await writeFile(path.join(files.cwd, rel), content);
      }
    } catch (err) {
      await files.cleanup();
      return fail((err as Error).message);
    }
    const env = claudeEnv(o.baseEnv ?? process.env, { maxRetries: 2, mcpToolTimeoutMs: o.mcpToolTimeoutMs ?? 90_000, extra: { ...invocation.env, ...o.env, ...spec.env } });
    const transcript = new Transcript(spec.logDir, spec.name, 'command.jsonl');
    let child: ResultPromise | null = null;
    let spawnError: string | null = null;
    try {
      child = execa(invocation.command, invocation.args, {
        cwd: files.cwd,
        env,
        extendEnv: false,
        detached: true,
        cleanup: true,
        reject: false,
        buffer: false,
        ...(invocation.stdin !== undefined ? { input: invocation.stdin } : { stdin: 'ignore' as const }),
        stdout: 'pipe',
        stderr: { file: path.join(spec.logDir, `${spec.name}.stderr.log`) },
      });
    } catch (err) {
      spawnError = (err as Error).message;
    }
    return new CommandAgentHandle(spec, child, started, spawnError, transcript, new CliEventParser(invocation.events), o, files.cleanup);
  }
}

/** A supervised agent CLI process (see {@link CommandRuntime}); `summary` is what its events said. */
export class CommandAgentHandle implements AgentHandle {
  readonly pid: number | null;
  readonly exited: Promise<AgentExit>;
  private readonly inner: ProcessAgentHandle;

  constructor(
    readonly spec: AgentSpec,
    child: ResultPromise | null,
    started: number,
    spawnError: string | null,
    transcript: Transcript | null,
    private readonly parser: CliEventParser | null,
    o: CommandRuntimeOptions,
    cleanup: () => Promise<void>,
  ) {
    this.inner = new ProcessAgentHandle(spec, child, started, spawnError, () => this.usage());
    this.pid = this.inner.pid;
    let watchdog: Watchdog | null = null;
    if (child && this.pid !== null && child.stdout && parser) {
      watchdog = new Watchdog({ idleMs: o.idleTimeoutMs ?? 180_000, wallClockMs: o.wallClockMs ?? 15 * 60_000, lingerMs: o.lingerMs ?? 10_000, onExpire: (reason) => void this.inner.kill(reason) });
      createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
        if (line.trim() === '') return;
        transcript?.write(line);
        watchdog?.touch();
        const wasFinished = parser.summary.finished;
        parser.feed(line);
        // Gemini and Claude results end a run; Codex may have several turns, so only its process exit does.
        if (!wasFinished && parser.summary.finished && this.spec.options?.command?.template !== 'codex') watchdog?.resultSeen();
      });
    }
    this.exited = this.inner.exited.then(async (exit) => {
      watchdog?.stop();
      await transcript?.close();
      await cleanup();
      if (exit.outcome !== 'exited') return exit;
      const reason = parser?.summary.error ?? (exit.exitCode !== 0 && parser && !parser.summary.finished ? 'exited without a final event' : null);
      return { ...exit, reason };
    });
  }

  /** What the CLI's events said so far. */
  get summary(): CliRunSummary | null {
    return this.parser?.summary ?? null;
  }

  kill(reason: string, graceMs?: number): Promise<AgentExit> {
    return this.inner.kill(reason, graceMs).then(() => this.exited);
  }

  private usage(): AgentExit['usage'] {
    const s = this.parser?.summary;
    if (!s || !s.started) return undefined;
    return { turns: s.turns, inputTokens: s.inputTokens, outputTokens: s.outputTokens, cacheReadTokens: s.cacheReadTokens, ...(s.costUsd !== undefined ? { costUsd: s.costUsd } : {}) };
  }
}
