import type { z } from 'zod';
import type { CommandType, ReplyType } from './frame-types.js';
import * as C from './commands.js';
import * as R from './replies.js';

/** What one command takes and what it answers with. */
export interface CommandSpec {
  /** Payload schema (serde semantics; the server's validation). */
  payload: z.ZodType;
  /** Frame type of the success reply. */
  replyType: ReplyType;
  /** Reply payload schema (the client's validation). */
  reply: z.ZodType;
}

/**
 * Every command: payload schema, success reply type and reply schema, from the protocol
 * file's command table (`handler.rs`). Error replies are always `error` `{code, message}`.
 */
export const COMMANDS = {
  register: { payload: C.RegisterPayloadSchema, replyType: 'ok', reply: R.RegisterReplySchema },
  ping: { payload: C.PingPayloadSchema, replyType: 'pong', reply: R.PongReplySchema },
  create_room: { payload: C.CreateRoomPayloadSchema, replyType: 'ok', reply: R.RoomSchema },
  join_room: { payload: C.RoomIdPayloadSchema, replyType: 'ok', reply: R.RoomIdReplySchema },
  leave_room: { payload: C.RoomIdPayloadSchema, replyType: 'ok', reply: R.RoomIdReplySchema },
  send_message: { payload: C.SendMessagePayloadSchema, replyType: 'ok', reply: R.ChatMessageSchema },
  get_history: { payload: C.GetHistoryPayloadSchema, replyType: 'history_result', reply: R.HistoryResultSchema },
  list_rooms: { payload: C.ListRoomsPayloadSchema, replyType: 'room_list', reply: R.RoomListSchema },
  list_agents: { payload: C.ListAgentsPayloadSchema, replyType: 'agent_list', reply: R.AgentListSchema },
  room_info: { payload: C.RoomIdPayloadSchema, replyType: 'room_info_result', reply: R.RoomInfoResultSchema },
  room_tip: { payload: C.RoomIdPayloadSchema, replyType: 'room_tip_result', reply: R.RoomTipResultSchema },
  create_vote: { payload: C.CreateVotePayloadSchema, replyType: 'ok', reply: R.VoteInfoSchema },
  cast_vote: { payload: C.CastVotePayloadSchema, replyType: 'ok', reply: R.CastVoteReplySchema },
  get_vote_status: { payload: C.VoteIdPayloadSchema, replyType: 'ok', reply: R.VoteInfoSchema },
  list_votes: { payload: C.ListVotesPayloadSchema, replyType: 'ok', reply: R.ListVotesReplySchema },
  elect_leader: { payload: C.RoomIdPayloadSchema, replyType: 'ok', reply: R.ElectLeaderReplySchema },
  decline_election: { payload: C.RoomIdPayloadSchema, replyType: 'ok', reply: R.DeclineElectionReplySchema },
  decision: { payload: C.DecisionPayloadSchema, replyType: 'ok', reply: R.DecisionReplySchema },
  assign_task: { payload: C.AssignTaskPayloadSchema, replyType: 'ok', reply: R.TaskInfoSchema },
  update_task: { payload: C.UpdateTaskPayloadSchema, replyType: 'ok', reply: R.TaskInfoSchema },
  list_tasks: { payload: C.ListTasksPayloadSchema, replyType: 'task_list', reply: R.TaskListSchema },
  set_typing: { payload: C.SetTypingPayloadSchema, replyType: 'ok', reply: R.RoomIdReplySchema },
  set_presence: { payload: C.SetPresencePayloadSchema, replyType: 'ok', reply: R.SetPresenceReplySchema },
  thinking: { payload: C.ThinkingPayloadSchema, replyType: 'ok', reply: R.ChatMessageSchema },
  subscribe: { payload: C.SubscribePayloadSchema, replyType: 'ok', reply: R.SubscriptionSchema },
  unsubscribe: { payload: C.SubscriptionIdPayloadSchema, replyType: 'ok', reply: R.UnsubscribeReplySchema },
  list_subscriptions: { payload: C.ListSubscriptionsPayloadSchema, replyType: 'ok', reply: R.ListSubscriptionsReplySchema },
  enable_subscription: { payload: C.SubscriptionIdPayloadSchema, replyType: 'ok', reply: R.EnableSubscriptionReplySchema },
} as const satisfies Record<CommandType, CommandSpec>;

/** The input type of command `T`'s payload (defaults optional). */
export type CommandInput<T extends CommandType> = z.input<(typeof COMMANDS)[T]['payload']>;
/** The parsed payload of command `T` as the server sees it (defaults applied). */
export type CommandPayload<T extends CommandType> = z.output<(typeof COMMANDS)[T]['payload']>;
/** The reply payload type of command `T`. */
export type CommandReply<T extends CommandType> = z.output<(typeof COMMANDS)[T]['reply']>;
