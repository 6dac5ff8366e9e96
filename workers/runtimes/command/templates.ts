import type { McpServerCommand } from '../claude-code/agent-files.js';
import { MCP_SERVER_NAME } from '../../../orchestrator/mcp/tool-names.js';
import type { CliEventFormat } from './cli-events.js';

/** Everything a template may use. */
export interface TemplateInput {
  /** The rendered role prompt. */
  prompt: string;
  /** The system prompt (CLIs without an append flag get it in front of the prompt). */
  system: string;
  /** How to start itercrew's MCP server for this agent. */
  mcpServer: McpServerCommand;
  /** The `{"mcpServers": …}` file (Claude Code format) for CLIs and scripts that read one. */
  mcpConfigFile: string;
  /** Files the template may write (prompt files, CLI settings) — the agent's private folder. */
  privateDir: string;
  /** MCP tool call timeout, ms. */
  mcpToolTimeoutMs: number;
  /** The slot's model, if any. */
  model?: string;
  /** `script`: the program and its arguments. */
  argv?: string[];
  /** Executables: `codex`, `gemini` (default: on PATH). */
  binaries?: { codex?: string; gemini?: string };
}

/** How to run one agent CLI. */
export interface CommandInvocation {
  command: string;
  args: string[];
  /** Sent on stdin (then closed); stdin is ignored otherwise. */
  stdin?: string;
  /** Extra environment variables. */
  env: Record<string, string>;
  /** Files to write into the agent's working directory before the start (relative path → content). */
  cwdFiles: Record<string, string>;
  /** The stdout event format. */
  events: CliEventFormat;
}

const tomlString = (s: string): string => JSON.stringify(s); // TOML basic strings accept JSON string escapes

/**
 * Codex: `codex exec --json --sandbox read-only --skip-git-repo-check [-m model]` with itercrew's
 * MCP server given as `-c mcp_servers.itercrew.*` config overrides, the system prompt in front of
 * the prompt, the prompt on stdin (`-`).
 */
function codex(i: TemplateInput): CommandInvocation {
  const key = `mcp_servers.${MCP_SERVER_NAME}`;
  const args = [
    'exec',
    '--json',
    '--sandbox',
    'read-only',
    '--skip-git-repo-check',
    '-c',
    `${key}.command=${tomlString(i.mcpServer.command)}`,
    '-c',
    `${key}.args=[${i.mcpServer.args.map(tomlString).join(', ')}]`,
    '-c',
    `${key}.tool_timeout_sec=${Math.ceil(i.mcpToolTimeoutMs / 1000)}`,
  ];
  if (i.model) args.push('-m', i.model);
  args.push('-');
  return { command: i.binaries?.codex ?? 'codex', args, stdin: `${i.system}\n\n${i.prompt}`, env: {}, cwdFiles: {}, events: 'codex' };
}

/**
 * Gemini CLI: `gemini -p <prompt> -o stream-json --allowed-mcp-server-names itercrew [-m model]`,
 * with itercrew's MCP server (trusted: its tools run without confirmation; other tools that need
 * one are unavailable headless) in the workspace's `.gemini/settings.json`.
 */
function gemini(i: TemplateInput): CommandInvocation {
  const settings = { mcpServers: { [MCP_SERVER_NAME]: { command: i.mcpServer.command, args: i.mcpServer.args, trust: true, timeout: i.mcpToolTimeoutMs } } };
  const args = ['-p', `${i.system}\n\n${i.prompt}`, '-o', 'stream-json', '--allowed-mcp-server-names', MCP_SERVER_NAME];
  if (i.model) args.push('-m', i.model);
  return { command: i.binaries?.gemini ?? 'gemini', args, env: {}, cwdFiles: { '.gemini/settings.json': JSON.stringify(settings, null, 2) + '\n' }, events: 'gemini' };
}

/**
 * A user script: `argv` as given, the prompt on stdin, and in the environment
 * ITERCREW_MCP_CONFIG (the `{"mcpServers": …}` file), ITERCREW_MCP_COMMAND (JSON
 * `{command, args}`), ITERCREW_SYSTEM_PROMPT and ITERCREW_MODEL. Its stdout may use any of the
 * known event formats (detected per line) or none (then the exit code alone decides).
 */
function script(i: TemplateInput): CommandInvocation {
  const [command, ...args] = i.argv ?? [];
  if (!command) throw new Error('the script template needs argv (the program and its arguments)');
  const env: Record<string, string> = { ITERCREW_MCP_CONFIG: i.mcpConfigFile, ITERCREW_MCP_COMMAND: JSON.stringify(i.mcpServer), ITERCREW_SYSTEM_PROMPT: i.system };
  if (i.model) env.ITERCREW_MODEL = i.model;
  return { command, args, stdin: i.prompt, env, cwdFiles: {}, events: 'auto' };
}

/** The invocation of `template`. @throws Error for a script without argv. */
export function buildInvocation(template: 'codex' | 'gemini' | 'script', input: TemplateInput): CommandInvocation {
  switch (template) {
    case 'codex':
      return codex(input);
    case 'gemini':
      return gemini(input);
    case 'script':
      return script(input);
  }
}
