/** What {@link claudeEnv} needs besides the inherited environment. */
export interface ClaudeEnvInput {
  /** ANTHROPIC_API_KEY to set (settings); inherited when absent. */
  apiKey?: string;
  /** CLAUDE_CODE_OAUTH_TOKEN to set (settings); inherited when absent. */
  oauthToken?: string;
  /** ANTHROPIC_BASE_URL to set; inherited when absent. */
  baseUrl?: string;
  /** CLAUDE_CODE_MAX_RETRIES. */
  maxRetries: number;
  /** MCP_TOOL_TIMEOUT, ms. */
  mcpToolTimeoutMs: number;
  /** MCP_TIMEOUT (MCP server start-up), ms. Default 20 000. */
  mcpStartTimeoutMs?: number;
  /** Extra variables (the agent spec's `env`, tests). Applied last. */
  extra?: Record<string, string | undefined>;
}

/** Variables never passed to an agent: itercrew's own secrets and a parent Claude Code session's markers. */
const DROPPED = ['ITERCREW_CHAT_KEY', 'ITERCREW_LOCAL_AGENT', 'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'CLAUDE_CODE_SSE_PORT'];

/**
 * The environment of a Claude Code agent: itercrew's environment (PATH, HOME — where an OAuth
 * login lives) without its chat key and without the markers of a Claude Code session itercrew
 * itself may run in, plus the credentials from the settings (an OAuth token from the settings
 * wins over an inherited API key), DISABLE_AUTOUPDATER=1, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1,
 * MCP_TOOL_TIMEOUT, MCP_TIMEOUT and a low CLAUDE_CODE_MAX_RETRIES.
 */
export function claudeEnv(base: NodeJS.ProcessEnv, i: ClaudeEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !DROPPED.includes(k)) env[k] = v;
  if (i.oauthToken) {
    env.CLAUDE_CODE_OAUTH_TOKEN = i.oauthToken;
    if (!i.apiKey) delete env.ANTHROPIC_API_KEY;
  }
  if (i.apiKey) env.ANTHROPIC_API_KEY = i.apiKey;
  if (i.baseUrl) env.ANTHROPIC_BASE_URL = i.baseUrl;
  env.DISABLE_AUTOUPDATER = '1';
  env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC = '1';
  env.MCP_TOOL_TIMEOUT = String(i.mcpToolTimeoutMs);
  env.MCP_TIMEOUT = String(i.mcpStartTimeoutMs ?? 20_000);
  env.CLAUDE_CODE_MAX_RETRIES = String(i.maxRetries);
  for (const [k, v] of Object.entries(i.extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}
