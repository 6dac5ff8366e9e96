import { z } from 'zod';
import {
  AgentInfoSchema,
  ChatMessageSchema,
  RoomSchema,
  SubscriptionSchema,
  TaskInfoSchema,
  VoteInfoSchema,
} from './models.js';

/**
 * Reply payloads (`handler.rs`), validated by the client. Field order is the serialized order.
 * Most replies are `ok`; the others are named in {@link ../command-table.js COMMANDS}.
 */

/** `register` → `ok`. On a reconnect reclaim also `reconnected`, `rooms`, `missed_messages`. */
export const RegisterReplySchema = z.looseObject({
  agent_id: z.string(),
  name: z.string(),
  protocol_version: z.number().int(),
  reconnected: z.boolean().optional(),
  rooms: z.array(z.string()).optional(),
  /** Number of buffered frames (`agent_left` events) that follow the reply. */
  missed_messages: z.number().int().optional(),
});
export type RegisterReply = z.infer<typeof RegisterReplySchema>;

/** `ping` → `pong` `{}`. */
export const PongReplySchema = z.looseObject({});

/** `{room_id}`: join_room, leave_room, set_typing. */
export const RoomIdReplySchema = z.looseObject({ room_id: z.string() });
export type RoomIdReply = z.infer<typeof RoomIdReplySchema>;

/** `get_history` → `history_result`. */
export const HistoryResultSchema = z.looseObject({
  room_id: z.string(),
  messages: z.array(ChatMessageSchema),
});
export type HistoryResult = z.infer<typeof HistoryResultSchema>;

/** `room_tip` → `room_tip_result`; `seq` is 0 when the room has no message. */
export const RoomTipResultSchema = z.looseObject({
  room_id: z.string(),
  seq: z.number().int(),
});
export type RoomTipResult = z.infer<typeof RoomTipResultSchema>;

/** `list_rooms` → `room_list`. */
export const RoomListSchema = z.looseObject({ rooms: z.array(RoomSchema) });
export type RoomList = z.infer<typeof RoomListSchema>;

/** `list_agents` → `agent_list`. */
export const AgentListSchema = z.looseObject({ agents: z.array(AgentInfoSchema) });
export type AgentList = z.infer<typeof AgentListSchema>;

/** `room_info` → `room_info_result`. */
export const RoomInfoResultSchema = z.looseObject({
  room: RoomSchema,
  agents: z.array(AgentInfoSchema),
  sub_rooms: z.array(RoomSchema),
  current_turn_holder: z.string().nullable(),
  turn_order: z.array(z.string()),
});
export type RoomInfoResult = z.infer<typeof RoomInfoResultSchema>;

/** `set_presence` → `ok {status}`. */
export const SetPresenceReplySchema = z.looseObject({ status: z.string() });

/** `cast_vote` → `ok`: counts only, never what anyone voted. */
export const CastVoteReplySchema = z.looseObject({
  vote_id: z.string(),
  votes_cast: z.number().int(),
  eligible_voters: z.number().int(),
});
export type CastVoteReply = z.infer<typeof CastVoteReplySchema>;

/** `list_votes` → `ok`, newest first. */
export const ListVotesReplySchema = z.looseObject({
  room_id: z.string(),
  votes: z.array(VoteInfoSchema),
});
export type ListVotesReply = z.infer<typeof ListVotesReplySchema>;

/** `elect_leader` → `ok`. */
export const ElectLeaderReplySchema = z.looseObject({
  room_id: z.string(),
  candidates: z.array(z.string()),
  message: z.string(),
});
export type ElectLeaderReply = z.infer<typeof ElectLeaderReplySchema>;

/** `decline_election` → `ok {room_id, message:"Declined election"}`. */
export const DeclineElectionReplySchema = z.looseObject({
  room_id: z.string(),
  message: z.string(),
});

/** `decision` → `ok`. */
export const DecisionReplySchema = z.looseObject({
  message_id: z.string(),
  room_id: z.string(),
});
export type DecisionReply = z.infer<typeof DecisionReplySchema>;

/** `list_tasks` → `task_list`. */
export const TaskListSchema = z.looseObject({
  room_id: z.string(),
  tasks: z.array(TaskInfoSchema),
});
export type TaskList = z.infer<typeof TaskListSchema>;

/** `unsubscribe` → `ok {deleted:true}`. */
export const UnsubscribeReplySchema = z.looseObject({ deleted: z.boolean() });

/** `list_subscriptions` → `ok`. */
export const ListSubscriptionsReplySchema = z.looseObject({ subscriptions: z.array(SubscriptionSchema) });

/** `enable_subscription` → `ok {subscription_id, status:"active"}`. */
export const EnableSubscriptionReplySchema = z.looseObject({
  subscription_id: z.string(),
  status: z.string(),
});

export { ChatMessageSchema, RoomSchema, SubscriptionSchema, TaskInfoSchema, VoteInfoSchema };
