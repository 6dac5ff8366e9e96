import { describeZodError } from '../../protocol/frame.js';
import { ClawChatError } from '../../errors/clawchat-error.js';
import { COMMANDS } from '../../protocol/command-table.js';
import type { CommandType } from '../../protocol/frame-types.js';
import type { AgentSession } from '../agents/agent-session.js';
import type { ServerContext } from '../context.js';
import { decision, declineElection, electLeader } from './elections.js';
import type { CommandHandler, Reply } from './handler.js';
import { getHistory } from './history.js';
import { sendMessage, thinking } from './messages.js';
import { listAgents, setPresence, setTyping } from './presence.js';
import { createRoom, joinRoom, leaveRoom, listRooms, roomInfo, roomTip } from './rooms.js';
import { enableSubscription, listSubscriptions, subscribe, unsubscribe } from './subscriptions.js';
import { assignTask, listTasks, updateTask } from './tasks.js';
import { castVote, createVote, getVoteStatus, listVotes } from './votes.js';

type RegisteredCommand = Exclude<CommandType, 'register'>;

/** The handler of every command a registered agent may send (`register` is the connection's). */
export const HANDLERS: { [T in RegisteredCommand]: CommandHandler<T> } = {
  ping: () => ({ type: 'pong', payload: {} }),
  create_room: createRoom,
  join_room: joinRoom,
  leave_room: leaveRoom,
  send_message: sendMessage,
  get_history: getHistory,
  list_rooms: listRooms,
  list_agents: listAgents,
  room_info: roomInfo,
  room_tip: roomTip,
  create_vote: createVote,
  cast_vote: castVote,
  get_vote_status: getVoteStatus,
  list_votes: listVotes,
  elect_leader: electLeader,
  decline_election: declineElection,
  decision,
  assign_task: assignTask,
  update_task: updateTask,
  list_tasks: listTasks,
  set_typing: setTyping,
  set_presence: setPresence,
  thinking,
  subscribe,
  unsubscribe,
  list_subscriptions: listSubscriptions,
  enable_subscription: enableSubscription,
};

/** Commands whose bad payload is ignored (treated as `{}`), as upstream does. */
const LENIENT: ReadonlySet<string> = new Set(['list_rooms', 'list_agents']);

/**
 * Runs one command of a registered agent: validates the payload with its zod schema
 * (`invalid_payload` on failure), then calls its handler. Any type that is not a command a
 * registered agent may send — `register` again, or a server-side type such as `ok` — is
 * `invalid_payload` "Unknown command".
 *
 * @throws ClawChatError for an error reply.
 */
export function dispatchCommand(ctx: ServerContext, caller: AgentSession, type: string, payload: unknown): Reply | Promise<Reply> {
  if (type === 'register' || !Object.prototype.hasOwnProperty.call(HANDLERS, type)) {
    throw new ClawChatError('invalid_payload', 'Unknown command');
  }
  const command = type as RegisteredCommand;
  let parsed: unknown = payload;
  if (command !== 'ping') {
    const result = COMMANDS[command].payload.safeParse(payload);
    if (result.success) parsed = result.data;
    else if (LENIENT.has(command)) parsed = {};
    else throw new ClawChatError('invalid_payload', describeZodError(result.error));
  }
  return (HANDLERS[command] as CommandHandler<RegisteredCommand>)(ctx, caller, parsed as never);
}
