import { createInterface } from 'node:readline';
import type { ResultPromise } from 'execa';
import { MCP_SERVER_NAME } from '../../../orchestrator/mcp/tool-names.js';
import type { AgentExit, AgentHandle, AgentSpec } from '../agent-runtime.js';
import { ProcessAgentHandle } from '../local.js';
import { outcomeFromResult, usageFromResult, type ClaudeOutcome } from './outcome.js';
import { parseStreamLine } from './stream-json/parse-line.js';
import type { ResultLine, SystemApiRetry, SystemInit, SystemPermissionDenied } from './stream-json/schemas.js';
import type { Transcript } from './transcript.js';
import { Watchdog } from './watchdog.js';

/** Supervision settings of one agent. */
export interface SupervisionOptions {
  idleTimeoutMs: number;
  wallClockMs: number;
  lingerMs: number;
  initTimeoutMs: number;
  /** Kill the agent when the init line shows itercrew's MCP server not `connected`. */
  requireMcp: boolean;
}

/** Milestones of one agent, ms since the epoch. */
export interface AgentTimings {
  spawnedAt: number;
  initAt?: number;
  resultAt?: number;
  exitedAt?: number;
}

/**
 * A supervised Claude Code agent: wraps the process handle (process-group kill, SIGTERM then
 * SIGKILL) and reads its stream-json stdout line by line — saving every line to the transcript,
 * re-arming the idle watchdog, checking after `init` that itercrew's MCP server is `connected`
 * (else the agent is killed as failed), and keeping the `result` line, from which the exit's
 * reason and usage (turns, cost, tokens, API time) are decided. What it saw stays readable on the
 * handle (`init`, `result`, `apiRetries`, `permissionDenials`, `invalidLines`, `timings`).
 */
export class ClaudeCodeAgentHandle implements AgentHandle {
  readonly pid: number | null;
  readonly exited: Promise<AgentExit>;
  init: SystemInit | null = null;
  result: ResultLine | null = null;
  outcome: ClaudeOutcome | null = null;
  readonly apiRetries: SystemApiRetry[] = [];
  readonly permissionDenials: SystemPermissionDenied[] = [];
  /** Lines that were not valid stream-json (kept in the transcript), with the reason. */
  readonly invalidLines: string[] = [];
  readonly timings: AgentTimings;
  private readonly inner: ProcessAgentHandle;
  private readonly watchdog: Watchdog | null = null;
  private initTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly spec: AgentSpec,
    child: ResultPromise | null,
    started: number,
    spawnError: string | null,
    transcript: Transcript | null,
    supervision: SupervisionOptions,
    cleanup: () => Promise<void>,
  ) {
    this.timings = { spawnedAt: started };
    this.inner = new ProcessAgentHandle(spec, child, started, spawnError, () => (this.result ? usageFromResult(this.result) : undefined));
    this.pid = this.inner.pid;
    if (child && this.pid !== null && child.stdout) {
      const kill = (reason: string): void => void this.inner.kill(reason);
      this.watchdog = new Watchdog({ idleMs: supervision.idleTimeoutMs, wallClockMs: supervision.wallClockMs, lingerMs: supervision.lingerMs, onExpire: kill });
      this.initTimer = setTimeout(() => kill(`no init line within ${supervision.initTimeoutMs} ms`), supervision.initTimeoutMs);
      const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
      lines.on('line', (line) => {
        if (line.trim() === '') return;
        transcript?.write(line);
        this.watchdog?.touch();
        this.onLine(line, supervision, kill);
      });
    }
    this.exited = this.inner.exited.then(async (exit) => {
      this.timings.exitedAt = Date.now();
      this.watchdog?.stop();
      clearTimeout(this.initTimer);
      await transcript?.close();
      await cleanup();
      return this.finalExit(exit);
    });
  }

  kill(reason: string, graceMs?: number): Promise<AgentExit> {
    return this.inner.kill(reason, graceMs).then(() => this.exited);
  }

  private onLine(line: string, supervision: SupervisionOptions, kill: (reason: string) => void): void {
    const parsed = parseStreamLine(line);
    switch (parsed.kind) {
      case 'init': {
        this.init = parsed.value;
        this.timings.initAt ??= Date.now();
        clearTimeout(this.initTimer);
        const server = parsed.value.mcp_servers.find((s) => s.name === MCP_SERVER_NAME);
        if (supervision.requireMcp && server?.status !== 'connected') {
          kill(server ? `itercrew's MCP server did not start (status ${server.status}; see ${this.spec.name}.mcp.log)` : `itercrew's MCP server is missing from the init line`);
        }
        return;
      }
      case 'api_retry':
        this.apiRetries.push(parsed.value);
        return;
      case 'permission_denied':
        this.permissionDenials.push(parsed.value);
        return;
      case 'result':
        this.result = parsed.value;
        this.outcome = outcomeFromResult(parsed.value);
        this.timings.resultAt = Date.now();
        this.watchdog?.resultSeen();
        return;
      case 'invalid':
        this.invalidLines.push(`${parsed.error}: ${line.slice(0, 200)}`);
        return;
      default:
        return;
    }
  }

  /** The exit as the run log sees it: a killed agent keeps its kill reason; otherwise the result decides. */
  private finalExit(exit: AgentExit): AgentExit {
    if (exit.outcome !== 'exited') return exit;
    if (this.outcome) return { ...exit, reason: this.outcome.reason };
    const retries = this.apiRetries.length ? ` after ${this.apiRetries.length} API retr${this.apiRetries.length === 1 ? 'y' : 'ies'}` : '';
    return { ...exit, reason: this.init ? `exited without a result line${retries}` : 'exited before its init line' };
  }
}
