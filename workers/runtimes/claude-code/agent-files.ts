import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { McpAgentConfigInput } from '../../../orchestrator/mcp/agent-config.js';
import { MCP_SERVER_NAME } from '../../../orchestrator/mcp/tool-names.js';
import { distPath } from '../../../orchestrator/paths.js';
import type { AgentSpec } from '../agent-runtime.js';
import { addWorktree, removeWorktree } from './worktree.js';

/** How to start itercrew's MCP server: an executable and its arguments (the config file is appended as `--config <file>`). */
export interface McpServerCommand {
  command: string;
  args: string[];
}

/**
 * The default MCP server command: `node dist/orchestrator/mcp/main.js`, the lean entry of
 * `itercrew mcp` (same server; it skips loading every other CLI command, which halves start-up).
 */
export function defaultMcpServerCommand(): McpServerCommand {
  return { command: process.execPath, args: [distPath('orchestrator/mcp/main.js')] };
}

/** What one LLM agent needs on disk. */
export interface AgentFiles {
  /** Private folder (0700) holding the files below; removed by {@link AgentFiles.cleanup}. */
  dir: string;
  /** `itercrew mcp` configuration (0600: it holds the chat key). */
  agentConfigFile: string;
  /** The MCP server entry (`{command, args}` with `--config <agentConfigFile>`). */
  mcpServer: McpServerCommand;
  /** `{"mcpServers":{"itercrew":{…}}}` for `claude --mcp-config`. */
  mcpConfigFile: string;
  /** The system prompt to append, if the spec has one. */
  systemPromptFile?: string;
  /** The agent's working directory: a detached worktree of the target repo, or `dir` without a workspace. */
  cwd: string;
  /** Removes the worktree and the private folder; never throws. */
  cleanup(): Promise<void>;
}

/** Options of {@link writeAgentFiles}. */
export interface AgentFilesOptions {
  /** MCP server command. Default {@link defaultMcpServerCommand}. */
  mcpServer?: McpServerCommand;
  /** Longest chat_wait, ms. */
  chatWaitMaxMs?: number;
  /** Create a worktree of `spec.workspace` as the working directory. Default true. */
  worktree?: boolean;
}

/**
 * Prepares one agent: a private temp folder with its `itercrew mcp` config (agent identity,
 * chat URL and key, room, target, log file `<logDir>/<name>.mcp.log`), the CLI's MCP config
 * pointing at it, the appended system prompt, and a detached git worktree of the target at the
 * iteration's base commit (its cwd).
 *
 * @throws Error when a file cannot be written or the worktree cannot be created (after cleaning up).
 */
export async function writeAgentFiles(spec: AgentSpec, options: AgentFilesOptions = {}): Promise<AgentFiles> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `itercrew-agent-${spec.name}-`));
  const workspace = spec.workspace && options.worktree !== false ? spec.workspace : null;
  const worktree = workspace ? path.join(dir, 'workspace') : null;
  let created = false;
  const cleanup = async (): Promise<void> => {
    if (created && workspace && worktree) await removeWorktree(workspace.repoDir, worktree);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  // The worktree (one git process) is created while the files are written.
  const checkout = workspace && worktree ? addWorktree(workspace.repoDir, workspace.commit, worktree).then(() => void (created = true)) : Promise.resolve();
  checkout.catch(() => undefined); // handled below (awaited); this keeps an early failure from counting as unhandled
  try {
    const agentConfigFile = path.join(dir, 'agent.json');
    const config: McpAgentConfigInput = {
      agentId: spec.agentId,
      name: spec.name,
      role: spec.role,
      iterationId: spec.iterationId,
      chat: spec.chat,
      target: { file: spec.target.file, runsDir: spec.target.runsDir },
      chatWaitMaxMs: options.chatWaitMaxMs,
      logFile: path.join(spec.logDir, `${spec.name}.mcp.log`),
    };
    await writeFile(agentConfigFile, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
    const base = options.mcpServer ?? defaultMcpServerCommand();
    const mcpServer = { command: base.command, args: [...base.args, '--config', agentConfigFile] };
    const mcpConfigFile = path.join(dir, 'mcp.json');
    await writeFile(mcpConfigFile, JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: { type: 'stdio', ...mcpServer } } }, null, 2) + '\n', { mode: 0o600 });
    let systemPromptFile: string | undefined;
    if (spec.prompt?.system) {
      systemPromptFile = path.join(dir, 'system-prompt.md');
      await writeFile(systemPromptFile, spec.prompt.system);
    }
    await checkout;
    return { dir, agentConfigFile, mcpServer, mcpConfigFile, systemPromptFile, cwd: worktree ?? dir, cleanup };
  } catch (err) {
    await checkout.catch(() => undefined);
    await cleanup();
    throw err;
  }
}
