import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { distPath } from '../../orchestrator/paths.js';
import type { AgentExit, AgentHandle, AgentRuntime, AgentSpec } from './agent-runtime.js';
import { killProcessGroup, processGroupAlive } from './process-group.js';
import { LOCAL_AGENT_ENV, type LocalAgentConfig } from '../local-agent/config.js';
import { LOCAL_AGENT_BUNDLE_DIR } from '../local-agent/bundle-location.js';

/** Options of {@link LocalRuntime}. */
export interface LocalRuntimeOptions {
  /** Node executable. Default `process.execPath`. */
  node?: string;
  /**
   * The agent program. Default `dist/workers/local-agent/bundle/main.js`, the agent and its
   * dependencies bundled by `npm run build` (see workers/local-agent/build-bundle.ts; it starts in
   * about half the time of the ~330 separate modules), else the compiled entry
   * `dist/workers/local-agent/main.js` when no bundle was built.
   */
  program?: string;
}

/**
 * The `local` runtime: runs the built-in LLM-free agent program (workers/local-agent) as a real
 * OS process with execa, detached into its own process group so that it and everything it starts
 * can be killed together. Its configuration travels in one environment variable
 * (`ITERCREW_LOCAL_AGENT`, JSON, validated by the agent); stdout and stderr go to
 * `<logDir>/<name>.stdout.log` / `.stderr.log`.
 */
export class LocalRuntime implements AgentRuntime {
  readonly name = 'local';
  private readonly node: string;
  private readonly program: string;

  constructor(options: LocalRuntimeOptions = {}) {
    this.node = options.node ?? process.execPath;
    this.program = options.program ?? defaultLocalAgentProgram();
  }

  spawn(spec: AgentSpec): AgentHandle {
    const config: LocalAgentConfig = {
      agentId: spec.agentId,
      name: spec.name,
      role: spec.role,
      heuristic: spec.heuristic ?? 'coordinate',
      seed: spec.seed,
      chat: spec.chat,
      target: spec.target,
    };
    const started = Date.now();
    let child: ResultPromise | null = null;
    let spawnError: string | null = null;
    try {
      child = execa(this.node, [this.program], {
        detached: true,
        cleanup: true,
        reject: false,
        stdin: 'ignore',
        stdout: { file: path.join(spec.logDir, `${spec.name}.stdout.log`) },
        stderr: { file: path.join(spec.logDir, `${spec.name}.stderr.log`) },
        env: { ...spec.env, [LOCAL_AGENT_ENV]: JSON.stringify(config) },
      });
    } catch (err) {
      spawnError = (err as Error).message;
    }
    return new ProcessAgentHandle(spec, child, started, spawnError);
  }
}

/** The bundled agent program if `npm run build` wrote it, else the compiled entry (see {@link LocalRuntimeOptions.program}). */
export function defaultLocalAgentProgram(): string {
  const bundle = distPath(`${LOCAL_AGENT_BUNDLE_DIR}/main.js`);
  return existsSync(bundle) ? bundle : distPath('workers/local-agent/main.js');
}

/**
 * An {@link AgentHandle} over an execa child that leads its own process group. Shared by the
 * runtimes that run a process per agent.
 */
export class ProcessAgentHandle implements AgentHandle {
  readonly pid: number | null;
  readonly exited: Promise<AgentExit>;
  private killReason: string | null = null;
  private killing: Promise<AgentExit> | null = null;

  constructor(
    readonly spec: AgentSpec,
    private readonly child: ResultPromise | null,
    private readonly started: number,
    spawnError: string | null,
    private readonly usage?: () => AgentExit['usage'],
  ) {
    this.pid = child?.pid ?? null;
    if (!child || this.pid === null) {
      const reason = spawnError ?? 'process did not start';
      this.exited = child
        ? child.then((r) => this.toExit(r.exitCode ?? null, r.signal ?? null, 'spawn_failed', r.shortMessage ?? reason))
        : Promise.resolve(this.toExit(null, null, 'spawn_failed', reason));
      return;
    }
    this.exited = child.then(async (r) => {
      // The leader is gone; make sure nothing it started outlives it.
      if (this.pid !== null && processGroupAlive(this.pid)) await killProcessGroup(this.pid, 500);
      const failedToStart = r.failed && r.exitCode === undefined && !r.signal && !r.isTerminated;
      if (failedToStart) return this.toExit(null, null, 'spawn_failed', r.shortMessage ?? 'spawn failed');
      return this.toExit(r.exitCode ?? null, r.signal ?? null, this.killReason ? 'killed' : 'exited', this.killReason);
    });
  }

  kill(reason: string, graceMs = 2_000): Promise<AgentExit> {
    if (this.killing) return this.killing;
    if (this.pid === null) return this.exited;
    this.killReason ??= reason;
    const pid = this.pid;
    this.killing = (async () => {
      if (processGroupAlive(pid)) await killProcessGroup(pid, graceMs);
      return this.exited;
    })();
    return this.killing;
  }

  private toExit(exitCode: number | null, signal: string | null, outcome: AgentExit['outcome'], reason: string | null): AgentExit {
    return { exitCode, signal, outcome, reason, durationMs: Date.now() - this.started, usage: this.usage?.() };
  }
}
