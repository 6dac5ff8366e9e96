import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { readPackageVersion } from '../cli/version.js';
import type { McpAgentSession } from './agent-session.js';
import { registerTool } from './define-tool.js';
import { chatHistory, chatSend, chatWait } from './tools/chat-tools.js';
import { decide, electionDecline, electionStart, propose, voteCast } from './tools/coordination-tools.js';
import { backtest, currentConfig, paramSpace, runLog } from './tools/evaluation-tools.js';
import { taskList, taskUpdate } from './tools/task-tools.js';
import { postFinding, proposeAction } from './tools/review-tools.js';
import { MCP_SERVER_NAME } from './tool-names.js';

/** Every tool, in the order agents meet them. */
export const TOOLS = [chatWait, chatHistory, chatSend, currentConfig, paramSpace, runLog, backtest, propose, postFinding, proposeAction, voteCast, electionStart, electionDecline, decide, taskList, taskUpdate] as const;

/** Instructions the MCP server gives its client at initialize. */
const INSTRUCTIONS =
  'itercrew: tools to take part in one tuning (or review) iteration of a target as a member of its ClawChat room — read the room (chat_wait with a cursor), check the config and space, backtest in-sample, propose (review: post findings and propose an action), vote, and decide if elected leader.';

/** An MCP server with itercrew's tools, bound to one agent's session (not yet connected to a transport). */
export function createItercrewMcpServer(session: McpAgentSession): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version: readPackageVersion() }, { instructions: INSTRUCTIONS });
  for (const t of TOOLS) registerTool(server, session, t as never);
  return server;
}
