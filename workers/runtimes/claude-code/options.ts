import type { ClaudeCodeSettings } from './settings.js';
import type { McpServerCommand } from './agent-files.js';

/** Per-agent defaults when the team slot does not say. */
export const SLOT_DEFAULTS = {
  /** `--max-turns`. */
  maxTurns: 40,
  /** `--max-budget-usd`. */
  maxBudgetUsd: 1,
  /** Read-only built-ins besides itercrew's MCP tools. */
  allowedTools: ['Read', 'Grep', 'Glob'] as readonly string[],
} as const;

/** Options of {@link ClaudeCodeRuntime} (the settings' `claudeCode` section plus test hooks). */
export interface ClaudeCodeRuntimeOptions extends Partial<Omit<ClaudeCodeSettings, 'wallClockMs'>> {
  /** Wall-clock cap per agent, ms. Default 15 min (the conductor passes its deadlines + 60 s). */
  wallClockMs?: number;
  /** Kill an agent whose init line has not come within this, ms. Default 60 000. */
  initTimeoutMs?: number;
  /** Kill an agent whose init line does not show itercrew's MCP server `connected`. Default true. */
  requireMcp?: boolean;
  /** Run each agent in a git worktree of the target (when the spec has a workspace). Default true. */
  worktree?: boolean;
  /** How to start itercrew's MCP server. Default `node dist/orchestrator/mcp/main.js`. */
  mcpServer?: McpServerCommand;
  /** Extra environment for every agent (applied last; `undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** The environment agents inherit. Default `process.env`. */
  baseEnv?: NodeJS.ProcessEnv;
}

/** Resolved runtime options. */
export type ResolvedClaudeCodeOptions = Required<Pick<ClaudeCodeRuntimeOptions, 'idleTimeoutMs' | 'wallClockMs' | 'lingerMs' | 'maxRetries' | 'mcpToolTimeoutMs' | 'chatWaitMaxMs' | 'initTimeoutMs' | 'requireMcp' | 'worktree'>> &
  ClaudeCodeRuntimeOptions;

/** Fills in defaults. */
export function resolveClaudeCodeOptions(o: ClaudeCodeRuntimeOptions): ResolvedClaudeCodeOptions {
  return {
    ...o,
    idleTimeoutMs: o.idleTimeoutMs ?? 180_000,
    wallClockMs: o.wallClockMs ?? 15 * 60_000,
    lingerMs: o.lingerMs ?? 10_000,
    maxRetries: o.maxRetries ?? 2,
    mcpToolTimeoutMs: o.mcpToolTimeoutMs ?? 90_000,
    chatWaitMaxMs: o.chatWaitMaxMs ?? 60_000,
    initTimeoutMs: o.initTimeoutMs ?? 60_000,
    requireMcp: o.requireMcp ?? true,
    worktree: o.worktree ?? true,
  };
}
