import { z } from 'zod';
import type { AgentRuntimeOptions } from '../agent-runtime.js';

/**
 * Settings of the LLM agent runtimes (`claudeCode:` in config/itercrew.yaml): where the Claude
 * Code binary is, its credentials, and how itercrew supervises agent processes. The `command`
 * runtime uses the same supervision fields and MCP tool timeout.
 */
export const ClaudeCodeSettingsSchema = z.object({
  /**
   * The `claude` executable. Default: `ITERCREW_CLAUDE_BINARY`, else the native binary of the npm
   * package @anthropic-ai/claude-code-linux-x64 if installed, else `claude` on PATH.
   */
  binary: z.string().min(1).optional(),
  /** Anthropic API key for the agents (ANTHROPIC_API_KEY). Default: inherited from itercrew's environment. */
  apiKey: z.string().min(1).optional(),
  /** OAuth token from `claude setup-token` (CLAUDE_CODE_OAUTH_TOKEN). Default: inherited from the environment. */
  oauthToken: z.string().min(1).optional(),
  /** API base URL (ANTHROPIC_BASE_URL), e.g. a gateway. Default: inherited / Claude Code's own. */
  baseUrl: z.string().url().optional(),
  /** Kill an agent that writes nothing for this long, ms; must exceed the longest chat_wait. Default 180 000. */
  idleTimeoutMs: z.number().int().positive().default(180_000),
  /**
   * Kill an agent that runs longer than this, ms. Keep it below the schedule interval. Default: the
   * iteration's own deadlines (spawn + propose + vote + opt-out + decide + close) plus 60 s, at most
   * the shortest `every` of the schedule (workers/runtimes/default-runtimes.ts).
   */
  wallClockMs: z.number().int().positive().optional(),
  /** Kill an agent still running this long after its result line, ms. Default 10 000. */
  lingerMs: z.number().int().nonnegative().default(10_000),
  /** Claude Code's own API retries (CLAUDE_CODE_MAX_RETRIES); low, the iteration has deadlines. Default 2. */
  maxRetries: z.number().int().nonnegative().default(2),
  /** MCP tool call timeout (MCP_TOOL_TIMEOUT), ms; above chatWaitMaxMs. Default 90 000. */
  mcpToolTimeoutMs: z.number().int().positive().default(90_000),
  /** Longest single chat_wait call of itercrew's MCP server, ms. Default 60 000. */
  chatWaitMaxMs: z.number().int().positive().default(60_000),
});
export type ClaudeCodeSettings = z.infer<typeof ClaudeCodeSettingsSchema>;

/** Per-slot options of the LLM runtimes, spread into the team slot schema (settings.ts). */
export const AgentSlotRuntimeOptionsShape = {
  /** LLM runtimes: model name or alias (`--model`). Default: the CLI's default. */
  model: z.string().min(1).optional(),
  /** LLM runtimes: max agentic turns (`--max-turns`). Default 40. */
  maxTurns: z.number().int().positive().optional(),
  /** LLM runtimes: max spend of this agent, USD (`--max-budget-usd`); counts toward the budget caps. Default 1.00. */
  maxBudgetUsd: z.number().positive().optional(),
  /** LLM runtimes: read-only built-in tools allowed besides itercrew's MCP tools. Default `[Read, Grep, Glob]`. */
  allowedTools: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a built-in tool name such as Read')).optional(),
  /** `command` runtime: `{template: codex | gemini | script, argv?: [...]}` (argv required for `script`). */
  command: z
    .object({ template: z.enum(['codex', 'gemini', 'script']), argv: z.array(z.string()).min(1).optional() })
    .refine((c) => c.template !== 'script' || c.argv !== undefined, { message: 'the script template needs argv (the program and its arguments)' })
    .optional(),
};

/** The LLM runtime options of a team slot, as the agent spec carries them (`spec.options`). */
export function pickRuntimeOptions(slot: { model?: string; maxTurns?: number; maxBudgetUsd?: number; allowedTools?: string[]; command?: { template: 'codex' | 'gemini' | 'script'; argv?: string[] } }): AgentRuntimeOptions {
  const o: AgentRuntimeOptions = {};
  if (slot.model !== undefined) o.model = slot.model;
  if (slot.maxTurns !== undefined) o.maxTurns = slot.maxTurns;
  if (slot.maxBudgetUsd !== undefined) o.maxBudgetUsd = slot.maxBudgetUsd;
  if (slot.allowedTools !== undefined) o.allowedTools = slot.allowedTools;
  if (slot.command !== undefined) o.command = slot.command;
  return o;
}
