import type { Command } from 'commander';

/** Options of `itercrew mcp`. */
export interface McpCommandOptions {
  /** The agent's config file (see orchestrator/mcp/agent-config.ts). Default: ITERCREW_MCP_CONFIG. */
  config?: string;
}

/**
 * `itercrew mcp --config <file>`: runs the stdio MCP server of one agent (orchestrator/mcp) —
 * itercrew's tools for an iteration room, usable by any MCP client. The agent runtimes start the
 * same server through its lean entry `dist/orchestrator/mcp/main.js`.
 */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description("serve itercrew's agent tools (chat, propose, vote, decide, backtest, …) over MCP on stdio for one agent")
    .option('-c, --config <file>', 'the agent config file (default: $ITERCREW_MCP_CONFIG)')
    .action(async (opts: McpCommandOptions) => {
      const file = opts.config ?? process.env.ITERCREW_MCP_CONFIG;
      if (!file) throw new Error('itercrew mcp needs --config <file> (or ITERCREW_MCP_CONFIG)');
      const { runMcpServer } = await import('../../mcp/run-mcp-server.js');
      const running = await runMcpServer(file);
      await running.closed;
    });
}
