/**
 * The `claude-code` agent runtime, one stage per file:
 *
 * - settings.ts            `claudeCode:` settings and the per-slot options (zod)
 * - options.ts             runtime options and per-slot defaults
 * - binary.ts              where the `claude` executable is
 * - agent-files.ts         per-agent private folder: `itercrew mcp` config, `--mcp-config`, system prompt; worktree
 * - worktree.ts            detached git worktree of the target as the agent's cwd
 * - spawn-args.ts          the `claude -p …` argv
 * - environment.ts         the agent's environment (credentials, no auto-update, retries, MCP timeouts)
 * - stream-json/           zod schemas of the stream-json lines and the line parser
 * - watchdog.ts            idle timer, wall-clock cap, linger after the result line
 * - outcome.ts             outcome and usage from the result line
 * - transcript.ts          every stdout line saved as `<name>.claude.jsonl`
 * - claude-code-agent.ts   the supervised agent handle
 * - claude-code-runtime.ts the runtime (`spawn(spec)`)
 */
export { ClaudeCodeRuntime } from './claude-code-runtime.js';
export { ClaudeCodeAgentHandle, type AgentTimings, type SupervisionOptions } from './claude-code-agent.js';
export { ClaudeCodeSettingsSchema, AgentSlotRuntimeOptionsShape, type ClaudeCodeSettings } from './settings.js';
export { SLOT_DEFAULTS, resolveClaudeCodeOptions, type ClaudeCodeRuntimeOptions } from './options.js';
export { locateClaudeBinary, packagedClaudeBinary, CLAUDE_BINARY_ENV } from './binary.js';
export { writeAgentFiles, defaultMcpServerCommand, type AgentFiles, type McpServerCommand } from './agent-files.js';
export { addWorktree, removeWorktree } from './worktree.js';
export { claudeArgs, MAX_ARGV_PROMPT_BYTES, type ClaudeArgsInput } from './spawn-args.js';
export { claudeEnv, type ClaudeEnvInput } from './environment.js';
export { parseStreamLine, type StreamLine } from './stream-json/parse-line.js';
export * from './stream-json/schemas.js';
export { Watchdog, type WatchdogOptions } from './watchdog.js';
export { outcomeFromResult, usageFromResult, type ClaudeOutcome } from './outcome.js';
export { Transcript } from './transcript.js';
