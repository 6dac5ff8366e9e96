import { claudeToolName, MCP_TOOL_NAMES } from '../../../orchestrator/mcp/tool-names.js';

/** Prompts longer than this go to Claude Code on stdin instead of argv (Linux caps one argument at 128 KiB). */
export const MAX_ARGV_PROMPT_BYTES = 64 * 1024;

/** What {@link claudeArgs} needs. */
export interface ClaudeArgsInput {
  /** The per-agent `--mcp-config` file. */
  mcpConfigFile: string;
  /** File appended to Claude Code's system prompt (`--append-system-prompt-file`), if any. */
  systemPromptFile?: string;
  /** A fresh UUID (`--session-id`). */
  sessionId: string;
  /** `--max-turns`. */
  maxTurns: number;
  /** `--max-budget-usd`. */
  maxBudgetUsd: number;
  /** `--model`, if set. */
  model?: string;
  /** Read-only built-in tools made available and allowed (`--tools`, `--allowedTools`), e.g. `Read`. */
  builtinTools: readonly string[];
  /** The prompt, placed after `--`; omit to send it on stdin. */
  prompt?: string;
}

/**
 * The argv of one Claude Code agent (after the executable), per issue 4:
 * `-p --output-format stream-json --verbose` (verbose is mandatory with stream-json), the agent's
 * `--mcp-config` with `--strict-mcp-config` (no other MCP server), `--permission-mode dontAsk`
 * with `--allowedTools` = itercrew's MCP tools + the read-only built-ins (and `--tools` limiting
 * the built-ins to those, so the model is not offered tools it may not use), `--max-turns`,
 * `--max-budget-usd`, `--model`, `--session-id`, `--append-system-prompt-file`,
 * `--no-session-persistence`, and the prompt after `--` (variadic flags such as --allowedTools
 * would swallow a trailing prompt). Never `--dangerously-skip-permissions`.
 */
export function claudeArgs(i: ClaudeArgsInput): string[] {
  const allowed = [...MCP_TOOL_NAMES.map(claudeToolName), ...i.builtinTools];
  const args = [
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    '--mcp-config',
    i.mcpConfigFile,
    '--strict-mcp-config',
    '--permission-mode',
    'dontAsk',
    '--tools',
    i.builtinTools.join(','),
    '--allowedTools',
    ...allowed,
    '--max-turns',
    String(i.maxTurns),
    '--max-budget-usd',
    String(i.maxBudgetUsd),
    '--session-id',
    i.sessionId,
    '--no-session-persistence',
  ];
  if (i.model) args.push('--model', i.model);
  if (i.systemPromptFile) args.push('--append-system-prompt-file', i.systemPromptFile);
  if (i.prompt !== undefined) args.push('--', i.prompt);
  return args;
}
