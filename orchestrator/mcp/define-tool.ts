import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { ClawChatError } from '../clawchat/errors/index.js';
import { ItercrewError } from '../errors/itercrew-error.js';
import type { McpAgentSession } from './agent-session.js';
import type { McpToolName } from './tool-names.js';

/** One tool: its description for the model, input shape (zod), and handler returning JSON-able data. */
export interface ToolDefinition<S extends z.ZodRawShape> {
  name: McpToolName;
  description: string;
  input: S;
  /** Read-only tools are annotated so clients may call them freely. */
  readOnly?: boolean;
  handler: (args: z.infer<z.ZodObject<S>>, session: McpAgentSession, signal: AbortSignal) => Promise<unknown>;
}

/** Identity helper keeping the handler's argument types. */
export function tool<S extends z.ZodRawShape>(definition: ToolDefinition<S>): ToolDefinition<S> {
  return definition;
}

/**
 * Registers a tool on the MCP server: the handler's value comes back as pretty JSON text; any
 * error comes back as an MCP tool error (`isError: true`) whose text is the reason — never a
 * protocol failure — and every call is logged with its duration.
 */
export function registerTool<S extends z.ZodRawShape>(server: McpServer, session: McpAgentSession, definition: ToolDefinition<S>): void {
  server.registerTool(
    definition.name,
    { description: definition.description, inputSchema: definition.input, annotations: { readOnlyHint: definition.readOnly ?? false } },
    // The SDK types the callback over its zod-compat layer; arguments arrive validated against `input`.
    (async (args: z.infer<z.ZodObject<S>>, extra: { signal: AbortSignal }): Promise<CallToolResult> => {
      const started = Date.now();
      try {
        const value = await definition.handler(args, session, extra.signal);
        session.logger.info({ tool: definition.name, ms: Date.now() - started }, 'tool call');
        return { content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }] };
      } catch (err) {
        const message = describeError(err);
        session.logger.warn({ tool: definition.name, ms: Date.now() - started, err: message }, 'tool call failed');
        return { isError: true, content: [{ type: 'text', text: `${definition.name} failed: ${message}` }] };
      }
    }) as never,
  );
}

/** The reason an agent reads: itercrew and ClawChat errors carry their code. */
function describeError(err: unknown): string {
  if (err instanceof ClawChatError) return `${err.message} (chat: ${err.code})`;
  if (err instanceof ItercrewError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
