import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { pino, type Logger } from 'pino';
import { ClawChatClient } from '../clawchat/client/index.js';
import { readMcpAgentConfig, type McpAgentConfig } from './agent-config.js';
import { McpAgentSession } from './agent-session.js';
import { createItercrewMcpServer } from './create-server.js';
import { RoomView } from './room-view.js';

/** A running `itercrew mcp`. */
export interface RunningMcpServer {
  session: McpAgentSession;
  /** Resolves when the client closed the transport (stdin ended) or {@link close} was called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** The server's logger: JSON lines to the config's log file, else standard error (never stdout: that is the MCP transport). */
function mcpLogger(config: McpAgentConfig): Logger {
  const level = process.env.ITERCREW_LOG_LEVEL ?? 'info';
  const base = { name: 'itercrew-mcp', level, base: { agent: config.name } };
  return config.logFile ? pino(base, pino.destination({ dest: config.logFile, sync: true, append: true, mkdir: true })) : pino(base, pino.destination({ fd: 2, sync: true }));
}

/**
 * `itercrew mcp`: the MCP server one agent gets, on stdio. It first becomes the agent in the
 * chat room — connects to ClawChat as the agent's own identity (`agentId`, `reconnect: true`, see
 * agent-config.ts), joins the iteration room and starts recording its events — and only then
 * answers the MCP handshake, so a client that sees it `connected` has a working room connection;
 * a chat server that cannot be reached fails the start (the CLI reports the MCP server as failed).
 * It ends when the client closes stdin or the chat connection drops.
 *
 * @throws ClawChatError / ClawChatConnectionError when the chat server refuses or cannot be reached.
 */
export async function runMcpServer(configOrFile: McpAgentConfig | string): Promise<RunningMcpServer> {
  const config = typeof configOrFile === 'string' ? readMcpAgentConfig(configOrFile) : configOrFile;
  const logger = mcpLogger(config);
  const client = await ClawChatClient.connect({ url: config.chat.url, key: config.chat.key, name: config.name, agentId: config.agentId, reconnect: true });
  const view = new RoomView(client, config.chat.roomId);
  try {
    await client.joinRoom(config.chat.roomId);
  } catch (err) {
    view.close();
    await client.close();
    throw err;
  }
  const session = new McpAgentSession(config, client, view, logger);
  session.target().catch(() => undefined); // load the space and evaluate command while the model thinks
  const server = createItercrewMcpServer(session);
  const transport = new StdioServerTransport();
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      view.close();
      await server.close().catch(() => undefined);
      await client.close().catch(() => undefined);
      logger.info('closed');
      resolveClosed();
    })());
  transport.onclose = () => void close();
  process.stdin.once('end', () => void close());
  client.onClose((err) => {
    logger.warn({ err: err?.message }, 'chat connection closed');
    void close();
  });
  await server.connect(transport);
  logger.info({ agentId: client.agentId, room: config.chat.roomId }, 'itercrew MCP server ready');
  return { session, closed, close };
}
