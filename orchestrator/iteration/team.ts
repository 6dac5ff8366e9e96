import type { AgentExit, AgentHandle, AgentRuntime, AgentSpec } from '../../workers/runtimes/agent-runtime.js';
import type { RunLog } from '../runlog/run-log.js';
import type { AgentSlot } from '../settings/settings.js';

/** One member of an iteration's team. */
export interface TeamMember {
  slot: AgentSlot;
  spec: AgentSpec;
  handle: AgentHandle;
  /** Set once the process has exited. */
  exit: AgentExit | null;
}

/**
 * The agents of one iteration: spawns them through their runtimes, logs `agent_spawned` and
 * `agent_exited` (as each one ends, whenever that is), and kills stragglers with their whole
 * process trees. `onChange` is called whenever a member exits (the conductor re-checks its
 * phase conditions).
 */
export class Team {
  readonly members: TeamMember[] = [];
  private readonly logged: Promise<void>[] = [];

  constructor(
    private readonly runLog: RunLog,
    private readonly iterationId: string,
    private readonly runtimes: Readonly<Record<string, AgentRuntime>>,
    private readonly onChange: () => void,
  ) {}

  /**
   * Starts one agent. An unknown runtime or a failed spawn is recorded as an agent that exited
   * with outcome `spawn_failed`; it never throws.
   */
  async spawn(slot: AgentSlot, spec: AgentSpec): Promise<TeamMember> {
    const runtime = this.runtimes[slot.runtime];
    const handle: AgentHandle = runtime
      ? await runtime.spawn(spec)
      : {
          spec,
          pid: null,
          exited: Promise.resolve<AgentExit>({ exitCode: null, signal: null, durationMs: 0, outcome: 'spawn_failed', reason: `unknown runtime ${JSON.stringify(slot.runtime)}; known: ${Object.keys(this.runtimes).join(', ')}` }),
          kill: async () => handle.exited,
        };
    const member: TeamMember = { slot, spec, handle, exit: null };
    this.members.push(member);
    await this.runLog.append({
      type: 'agent_spawned',
      iterationId: this.iterationId,
      agentId: spec.agentId,
      name: spec.name,
      role: spec.role,
      runtime: slot.runtime,
      heuristic: spec.heuristic,
      pid: handle.pid,
    });
    this.logged.push(
      handle.exited.then(async (exit) => {
        member.exit = exit;
        const usage = exit.usage ?? {};
        await this.runLog.append({
          type: 'agent_exited',
          iterationId: this.iterationId,
          agentId: spec.agentId,
          exitCode: exit.exitCode,
          signal: exit.signal,
          durationMs: exit.durationMs,
          reason: describeExit(exit),
          turns: usage.turns,
          costUsd: usage.costUsd,
          tokens:
            usage.inputTokens !== undefined || usage.outputTokens !== undefined
              ? { input: usage.inputTokens, output: usage.outputTokens, cacheRead: usage.cacheReadTokens, cacheCreation: usage.cacheCreationTokens }
              : undefined,
          apiDurationMs: usage.apiDurationMs,
          outcome: exit.outcome,
        });
        this.onChange();
      }),
    );
    return member;
  }

  /** Members whose process has not exited. */
  live(): TeamMember[] {
    return this.members.filter((m) => m.exit === null);
  }

  /** The member with ClawChat agent id `agentId`. */
  byAgentId(agentId: string): TeamMember | undefined {
    return this.members.find((m) => m.spec.agentId === agentId);
  }

  /**
   * Waits up to `graceMs` for every agent to exit on its own, then kills the rest (process group,
   * SIGTERM then SIGKILL) with `reason`; resolves when every exit is in the run log.
   */
  async close(graceMs: number, reason: string): Promise<void> {
    const all = Promise.all(this.members.map((m) => m.handle.exited));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    await Promise.all(this.live().map((m) => m.handle.kill(reason)));
    await Promise.all(this.logged);
  }

  /** Kills every live agent now (abort path) and waits for the exits to be logged. */
  async killAll(reason: string): Promise<void> {
    await Promise.all(this.live().map((m) => m.handle.kill(reason, 1_000)));
    await Promise.all(this.logged);
  }
}

/** Run-log text for how an agent ended, e.g. `finished`, `crashed: exit code 3`, `killed: <why>`. */
export function describeExit(exit: AgentExit): string {
  if (exit.outcome === 'spawn_failed') return `spawn failed: ${exit.reason ?? 'unknown'}`;
  if (exit.outcome === 'killed') return `killed: ${exit.reason ?? 'unknown'}`;
  // LLM runtimes give the reason an agent that ran to its end failed (e.g. `API overloaded (529)`).
  if (exit.exitCode === 0) return exit.reason ? `finished: ${exit.reason}` : 'finished';
  const crashed = exit.signal ? `crashed: signal ${exit.signal}` : `crashed: exit code ${exit.exitCode}`;
  return exit.reason ? `${crashed}: ${exit.reason}` : crashed;
}
