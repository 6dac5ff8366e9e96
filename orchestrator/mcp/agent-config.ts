import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The per-agent configuration of `itercrew mcp --config <file>` (JSON, written by the agent
 * runtimes into a private 0700 folder, file mode 0600: it holds the chat key).
 *
 * Identity: the MCP server *is* the agent in the chat room. It registers with ClawChat under the
 * agent's stable `agentId` (the same id the conductor assigned the task to and logs), so the
 * agent's proposal, ballot and decision come from its own agent_id. One agent = one Claude Code
 * process = one MCP server process = one chat connection. It registers with `reconnect: true`, so
 * if the CLI restarts its MCP server the new process takes over the same identity (same key)
 * instead of being refused as `agent_id_taken`.
 */
export const McpAgentConfigSchema = z.object({
  /** Stable agent id (ClawChat agent_id), e.g. `strategy-c-tune-000001.tuner-1`. */
  agentId: z.string().min(1),
  /** Display name in the room, e.g. `tuner-1`. */
  name: z.string().min(1),
  /** `tuner` proposes and votes; `reviewer` reviews. */
  role: z.enum(['tuner', 'reviewer']),
  /** The iteration id. */
  iterationId: z.string().min(1),
  /** Chat server, key and the iteration room. */
  chat: z.object({ url: z.string().min(1), key: z.string(), roomId: z.string().min(1) }),
  /** Target definition file (absolute) and the runs directory (evaluate command, run log). */
  target: z.object({ file: z.string().min(1), runsDir: z.string().min(1) }),
  /** Longest single chat_wait, ms. Default 60 000. */
  chatWaitMaxMs: z.number().int().positive().default(60_000),
  /** Max candidates per backtest call. Default 64. */
  maxBacktestCandidates: z.number().int().positive().default(64),
  /** Where the server logs (JSON lines); default: standard error (the CLI keeps it). */
  logFile: z.string().optional(),
});
export type McpAgentConfig = z.infer<typeof McpAgentConfigSchema>;
/** What a runtime writes (defaults may be left out). */
export type McpAgentConfigInput = z.input<typeof McpAgentConfigSchema>;

/**
 * Reads and validates an agent's MCP configuration file.
 * @throws Error naming the file and every bad field.
 */
export function readMcpAgentConfig(file: string): McpAgentConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the MCP agent config ${file}: ${(err as Error).message}`);
  }
  const parsed = McpAgentConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`the MCP agent config ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
