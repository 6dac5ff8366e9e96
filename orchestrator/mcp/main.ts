#!/usr/bin/env node
/**
 * The lean entry of `itercrew mcp` that the agent runtimes start (`node dist/orchestrator/mcp/main.js
 * --config <file>`): the same server as the CLI command, without loading every other command.
 * Exits 0 when the client closes the connection, 1 when the server cannot start (the reason on
 * standard error, which the agent CLI keeps in its MCP logs).
 */
import { runMcpServer } from './run-mcp-server.js';

const i = process.argv.indexOf('--config');
const file = i >= 0 ? process.argv[i + 1] : process.env.ITERCREW_MCP_CONFIG;
if (!file) {
  process.stderr.write('usage: itercrew mcp --config <agent config file> (or ITERCREW_MCP_CONFIG)\n');
  process.exit(2);
}
try {
  const running = await runMcpServer(file);
  await running.closed;
  process.exit(0);
} catch (err) {
  process.stderr.write(`itercrew mcp: ${(err as Error).message}\n`);
  process.exit(1);
}
