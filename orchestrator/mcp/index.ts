/**
 * `itercrew mcp`: the tools agents get (DESIGN.md, "One tune iteration" from an agent's side).
 *
 * - agent-config.ts     the per-agent config file and how the agent's chat identity works
 * - run-mcp-server.ts   start: join the room as the agent, then serve MCP on stdio
 * - main.ts             the lean process entry the agent runtimes start
 * - create-server.ts    the McpServer and its tool list
 * - define-tool.ts      tool registration: JSON results, failures as MCP tool errors
 * - agent-session.ts    what the tools share: chat client, room view, brief, target
 * - room-view.ts        cursor-based reading of the room (history by seq + recorded events)
 * - tools/              chat_send / chat_wait / chat_history; propose / vote_cast / election_start /
 *                       election_decline / decide; task_update / task_list; backtest / run_log /
 *                       current_config / param_space
 * - tool-names.ts       tool names, the server name, Claude Code's `mcp__itercrew__<tool>`
 */
export { runMcpServer, type RunningMcpServer } from './run-mcp-server.js';
export { createItercrewMcpServer, TOOLS } from './create-server.js';
export { McpAgentConfigSchema, readMcpAgentConfig, type McpAgentConfig, type McpAgentConfigInput } from './agent-config.js';
export { McpAgentSession, type BriefInfo } from './agent-session.js';
export { RoomView, type RoomEvent } from './room-view.js';
export { MCP_TOOL_NAMES, MCP_SERVER_NAME, claudeToolName, type McpToolName } from './tool-names.js';
export { McpToolError } from './errors/mcp-tool-error.js';
