import type { CommandPayload } from '../../protocol/command-table.js';
import type { CommandType, ReplyType } from '../../protocol/frame-types.js';
import type { AgentSession } from '../agents/agent-session.js';
import type { ServerContext } from '../context.js';

/** A handler's success answer: the reply frame's type and payload. Errors are thrown as ClawChatError. */
export interface Reply {
  type: ReplyType;
  payload: unknown;
}

/**
 * Handles one command of a registered agent. It runs synchronously unless it must wait for I/O
 * (webhook receiver checks); events it queues for the caller therefore precede its reply.
 *
 * @throws ClawChatError for an error reply.
 */
export type CommandHandler<T extends CommandType> = (
  ctx: ServerContext,
  caller: AgentSession,
  payload: CommandPayload<T>,
) => Reply | Promise<Reply>;

/** An `ok` reply. */
export function ok(payload: unknown): Reply {
  return { type: 'ok', payload };
}
