import type { AgentExit } from '../agent-runtime.js';
import type { ResultLine } from './stream-json/schemas.js';

/** How a Claude Code run ended, from its result line. */
export interface ClaudeOutcome {
  /** True when the run completed without error. */
  ok: boolean;
  /**
   * Stable category: `completed`, `overloaded` (529), `rate_limited` (429), `auth` (401/403),
   * `no_credentials`, `api_error` (other API failures), `max_turns`, `budget_exhausted`,
   * `error` (anything else Claude Code calls an error).
   */
  category: 'completed' | 'overloaded' | 'rate_limited' | 'auth' | 'no_credentials' | 'api_error' | 'max_turns' | 'budget_exhausted' | 'error';
  /** For people, e.g. `API overloaded (529): API Error: 529 Overloaded…`; null when ok. */
  reason: string | null;
}

/**
 * Decides the outcome from the result line. Branches on `is_error` and `terminal_reason`, never
 * on `subtype`: Claude Code 2.1.330 reports API, auth and rate-limit failures as
 * `subtype: "success"` with `is_error: true` and `terminal_reason: "api_error"` (with
 * `api_error_status` 529, 429, 401, or null when no credentials were found: "Not logged in").
 */
export function outcomeFromResult(r: ResultLine): ClaudeOutcome {
  const terminal = r.terminal_reason ?? null;
  if (!r.is_error && (terminal === null || terminal === 'completed')) return { ok: true, category: 'completed', reason: null };
  const detail = (r.result ?? r.errors?.join('; ') ?? '').trim();
  const say = (category: ClaudeOutcome['category'], what: string): ClaudeOutcome => ({ ok: false, category, reason: detail ? `${what}: ${detail}` : what });
  switch (terminal) {
    case 'max_turns':
      return say('max_turns', 'max turns reached');
    case 'budget_exhausted':
      return say('budget_exhausted', 'budget exceeded');
    case 'api_error': {
      const status = r.api_error_status ?? null;
      if (status === 529) return say('overloaded', 'API overloaded (529)');
      if (status === 429) return say('rate_limited', 'API rate limited (429)');
      if (status === 401 || status === 403) return say('auth', `API authentication failed (${status})`);
      if (status === null && /not logged in|login|api key|credential/i.test(detail)) return say('no_credentials', 'no credentials');
      return say('api_error', status === null ? 'API error' : `API error (${status})`);
    }
    default:
      return say('error', `error (${terminal ?? r.subtype})`);
  }
}

/** Usage for the run log (`agent_exited`): turns, cost, tokens and API time from the result line. */
export function usageFromResult(r: ResultLine): NonNullable<AgentExit['usage']> {
  return {
    turns: r.num_turns,
    costUsd: r.total_cost_usd,
    inputTokens: r.usage?.input_tokens,
    outputTokens: r.usage?.output_tokens,
    cacheReadTokens: r.usage?.cache_read_input_tokens,
    cacheCreationTokens: r.usage?.cache_creation_input_tokens,
    apiDurationMs: r.duration_api_ms,
  };
}
