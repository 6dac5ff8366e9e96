/**
 * The tools `itercrew mcp` gives agents (DESIGN.md "One tune iteration" from an agent's side).
 * Agent CLIs see them under the MCP server name {@link MCP_SERVER_NAME}; Claude Code names them
 * `mcp__itercrew__<tool>` (see {@link claudeToolName}).
 */
export const MCP_TOOL_NAMES = [
  'chat_send',
  'chat_wait',
  'chat_history',
  'propose',
  'vote_cast',
  'election_start',
  'election_decline',
  'decide',
  'task_update',
  'task_list',
  'backtest',
  'run_log',
  'current_config',
  'param_space',
  'post_finding',
  'propose_action',
] as const;
export type McpToolName = (typeof MCP_TOOL_NAMES)[number];

/** The MCP server's name in every agent's MCP configuration. */
export const MCP_SERVER_NAME = 'itercrew';

/** Claude Code's name for one of itercrew's MCP tools, e.g. `mcp__itercrew__propose`. */
export function claudeToolName(tool: McpToolName): string {
  return `mcp__${MCP_SERVER_NAME}__${tool}`;
}
