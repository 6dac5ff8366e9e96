import { ItercrewError } from '../../errors/itercrew-error.js';

/**
 * A tool call that cannot be done, with the reason the agent reads (returned to the MCP client
 * as a tool error: `isError: true`, the message as text). Codes: `no_brief`, `not_a_tuner`,
 * `invalid_proposal`, `proposal_rejected`, `no_open_vote`, `bad_option`, `not_leader`,
 * `not_top_voted`, `outside_in_sample`, `too_many_candidates`, `no_task`, `chat_failed`,
 * `evaluate_failed`, `bad_cursor`.
 */
export class McpToolError extends ItercrewError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
