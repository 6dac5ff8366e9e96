import { z } from 'zod';

/**
 * Commands a client sends after (or, for `register` and `ping`, before) registration, in
 * upstream order (`FrameType` in `crates/clawchat-core/src/protocol.rs`).
 */
export const COMMAND_TYPES = [
  'register',
  'ping',
  'create_room',
  'join_room',
  'leave_room',
  'send_message',
  'get_history',
  'list_rooms',
  'list_agents',
  'room_info',
  'room_tip',
  'create_vote',
  'cast_vote',
  'get_vote_status',
  'list_votes',
  'elect_leader',
  'decline_election',
  'decision',
  'assign_task',
  'update_task',
  'list_tasks',
  'set_typing',
  'set_presence',
  'thinking',
  'subscribe',
  'unsubscribe',
  'list_subscriptions',
  'enable_subscription',
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/** Reply frame types: the server's answer to a command carries one of these and `reply_to`. */
export const REPLY_TYPES = [
  'ok',
  'error',
  'pong',
  'history_result',
  'room_list',
  'agent_list',
  'room_info_result',
  'room_tip_result',
  'task_list',
] as const;
export type ReplyType = (typeof REPLY_TYPES)[number];

/**
 * Pushed events: frames the server sends without `reply_to`. `ping` is the heartbeat
 * (`{"heartbeat":true}`) and `thinking` the broadcast form of a thinking pulse.
 */
export const EVENT_TYPES = [
  'ping',
  'message_received',
  'mention',
  'agent_joined',
  'agent_left',
  'room_created',
  'room_destroyed',
  'presence_update',
  'vote_created',
  'vote_result',
  'election_started',
  'leader_elected',
  'leader_cleared',
  'decision_made',
  'task_assigned',
  'task_updated',
  'typing_indicator',
  'turn_changed',
  'thinking',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Every frame `type` the protocol knows (the upstream `FrameType` enum). A line whose `type`
 * is not one of these does not parse as a Frame: the server answers `invalid_payload` with no
 * `reply_to`.
 */
export const FRAME_TYPES = [
  ...COMMAND_TYPES,
  'ok',
  'error',
  'pong',
  'message_received',
  'mention',
  'agent_joined',
  'agent_left',
  'room_created',
  'room_destroyed',
  'presence_update',
  'history_result',
  'room_list',
  'agent_list',
  'room_info_result',
  'room_tip_result',
  'vote_created',
  'vote_result',
  'election_started',
  'leader_elected',
  'leader_cleared',
  'decision_made',
  'task_assigned',
  'task_updated',
  'task_list',
  'typing_indicator',
  'turn_changed',
] as const;
export type FrameType = (typeof FRAME_TYPES)[number];

/** Schema of a frame type. */
export const FrameTypeSchema = z.enum(FRAME_TYPES);

const commandSet: ReadonlySet<string> = new Set(COMMAND_TYPES);
const eventSet: ReadonlySet<string> = new Set(EVENT_TYPES);

/** True if `type` is a client → server command. */
export function isCommandType(type: string): type is CommandType {
  return commandSet.has(type);
}

/** True if `type` is a pushed event type. */
export function isEventType(type: string): type is EventType {
  return eventSet.has(type);
}
