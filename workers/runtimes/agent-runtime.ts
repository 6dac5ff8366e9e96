/**
 * The agent runtime contract: how an iteration starts one agent process and learns how it ended.
 * Runtimes: `local` (the built-in LLM-free agent program, local.ts), `claude-code`
 * (./claude-code/) and `command` (./command/, any agent CLI through a template) implement it.
 */

/** Chat credentials and room an agent joins. */
export interface AgentChatAccess {
  /** ClawChat server URL, e.g. `tcp://127.0.0.1:40123`. */
  url: string;
  /** API key for `register` (any string when the server runs with no auth). */
  key: string;
  /** The iteration room's id. */
  roomId: string;
}

/** Everything needed to start one agent. */
export interface AgentSpec {
  /** Stable id of the agent within the iteration, e.g. `<iterationId>/tuner-1`; also its ClawChat agent_id seed. */
  agentId: string;
  /** Display name in the room. */
  name: string;
  /** `tuner` or `reviewer`. */
  role: 'tuner' | 'reviewer';
  /** Local agents: the search heuristic. */
  heuristic?: string;
  /** Seed for any randomness the agent uses (deterministic per iteration and slot). */
  seed: number;
  /** Iteration id, for logs. */
  iterationId: string;
  chat: AgentChatAccess;
  /**
   * The target: its definition file (absolute), the runs directory it resolves against and,
   * optionally, the definition as the conductor parsed it (Target.definition, plain JSON), so a
   * local agent need not read and parse the file again.
   */
  target: { file: string; runsDir: string; definition?: unknown };
  /** Directory where the runtime writes `<name>.stdout.log` / `<name>.stderr.log`. */
  logDir: string;
  /** Extra environment variables for the agent process. */
  env?: Record<string, string>;
  /** LLM runtimes: the slot's options (model, turns, budget, tools, command template). */
  options?: AgentRuntimeOptions;
  /** LLM runtimes: the rendered role prompt (prompts/) and the system prompt appended to the CLI's own. */
  prompt?: { text: string; system: string };
  /** Runtimes that give agents a read-only copy of the target: its git repo and the commit to check out. */
  workspace?: { repoDir: string; commit: string };
}

/**
 * Per-slot options of the LLM runtimes (settings `team[i]`); every field optional, defaults are
 * the runtime's. `command` is for the `command` runtime only.
 */
export interface AgentRuntimeOptions {
  /** Model name or alias passed to the CLI (`--model`). Default: the CLI's own default. */
  model?: string;
  /** Max agentic turns (`--max-turns`). Default 40. */
  maxTurns?: number;
  /** Max spend of this agent in USD (`--max-budget-usd`). Default 1.00. */
  maxBudgetUsd?: number;
  /** Read-only built-in tools the agent may use besides itercrew's MCP tools. Default `Read, Grep, Glob`. */
  allowedTools?: string[];
  /** `command` runtime: which template (`codex`, `gemini`, `script`) and, for `script`, its argv. */
  command?: { template: 'codex' | 'gemini' | 'script'; argv?: string[] };
}

/** How an agent process ended. */
export interface AgentExit {
  /** Process exit code, or null when killed by a signal or never started. */
  exitCode: number | null;
  /** Terminating signal name, or null. */
  signal: string | null;
  /** Wall time from spawn to exit, ms. */
  durationMs: number;
  /** `exited` on its own; `killed` by itercrew (see `killReason`); `spawn_failed` if it never ran. */
  outcome: 'exited' | 'killed' | 'spawn_failed';
  /** Why itercrew killed it (deadline, abort, …), or the spawn error. */
  reason: string | null;
  /** Runtime-specific usage, e.g. Claude Code's turns, cost, tokens and API time. */
  usage?: {
    turns?: number;
    costUsd?: number;
    inputTokens?: number;
    outputTokens?: number;
    cacheReadTokens?: number;
    cacheCreationTokens?: number;
    /** Time spent waiting for the model API, ms. */
    apiDurationMs?: number;
  };
}

/** A started agent. */
export interface AgentHandle {
  readonly spec: AgentSpec;
  /** OS process id (the process-group leader), or null if the spawn failed. */
  readonly pid: number | null;
  /** Settles once the process and its whole process group are gone; never rejects. */
  readonly exited: Promise<AgentExit>;
  /**
   * Ends the agent and everything it started: SIGTERM to its process group, SIGKILL after
   * `graceMs`. Resolves when it has exited. Safe to call more than once.
   */
  kill(reason: string, graceMs?: number): Promise<AgentExit>;
}

/** A way to run agents. */
export interface AgentRuntime {
  /** Runtime name as used in settings (`local`, …). */
  readonly name: string;
  /**
   * Starts one agent. Never throws (nor rejects) for a failed spawn: the handle's `exited` reports
   * `spawn_failed`. Runtimes that prepare files or a worktree first may return a promise.
   */
  spawn(spec: AgentSpec): AgentHandle | Promise<AgentHandle>;
}
