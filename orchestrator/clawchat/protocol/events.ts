import { z } from 'zod';
import type { EventType } from './frame-types.js';
import {
  AgentRefSchema,
  ChatMessageSchema,
  RoomSchema,
  TaskInfoSchema,
  VoteInfoSchema,
  VoteResultSchema,
} from './models.js';

/**
 * Payloads of pushed events (frames without `reply_to`), as upstream serializes them
 * (`handler.rs`, `broker.rs`, `voting.rs`, `server.rs`). Validated by the client.
 */

/** Heartbeat `ping` from the server: `{"heartbeat":true}`. */
export const HeartbeatSchema = z.looseObject({ heartbeat: z.boolean().optional() });

/** `mention`: sent to mentioned agents that are members of the room. */
export const MentionEventSchema = z.looseObject({
  room_id: z.string(),
  message: ChatMessageSchema,
});

/** `agent_joined` (to other members); `reconnected:true` when a stashed agent came back. */
export const AgentJoinedEventSchema = z.looseObject({
  room_id: z.string(),
  agent: AgentRefSchema,
  reconnected: z.boolean().optional(),
});

/** `agent_left`: on leave_room (to others) and on disconnect (to remaining members). */
export const AgentLeftEventSchema = z.looseObject({
  room_id: z.string(),
  agent_id: z.string(),
});

/** `room_destroyed`: an ephemeral room's last member left. */
export const RoomDestroyedEventSchema = z.looseObject({ room_id: z.string() });

/** `presence_update`: nulls kept for `status_detail` and `progress`. */
export const PresenceUpdateEventSchema = z.looseObject({
  agent_id: z.string(),
  agent_name: z.string(),
  status: z.string(),
  status_detail: z.string().nullable(),
  progress: z.number().int().nullable(),
});

/** `typing_indicator`. */
export const TypingIndicatorEventSchema = z.looseObject({
  room_id: z.string(),
  agent_id: z.string(),
  agent_name: z.string(),
  typing: z.boolean(),
});

/** `election_started`: candidates are the members at the time; `opt_out_seconds` is 2 upstream. */
export const ElectionStartedEventSchema = z.looseObject({
  room_id: z.string(),
  candidates: z.array(z.string()),
  started_by: z.string(),
  opt_out_seconds: z.number(),
});

/** `leader_elected`. */
export const LeaderElectedEventSchema = z.looseObject({
  room_id: z.string(),
  leader_id: z.string(),
  leader_name: z.string(),
});

/** `leader_cleared`: reason `"all candidates declined"` or `"leader left"`. */
export const LeaderClearedEventSchema = z.looseObject({
  room_id: z.string(),
  reason: z.string(),
});

/** `decision_made`. */
export const DecisionMadeEventSchema = z.looseObject({
  room_id: z.string(),
  message_id: z.string(),
  leader_id: z.string(),
  leader_name: z.string(),
  content: z.string(),
  metadata: z.unknown().optional(),
  timestamp: z.string(),
});

/** `turn_changed`: reason `joined`, `left`, `disconnected` or `message_sent`. */
export const TurnChangedEventSchema = z.looseObject({
  room_id: z.string(),
  current_turn_holder: z.string().nullable(),
  turn_order: z.array(z.string()),
  reason: z.string(),
});

/** Event type → payload schema. */
export const EVENTS = {
  ping: HeartbeatSchema,
  message_received: ChatMessageSchema,
  mention: MentionEventSchema,
  agent_joined: AgentJoinedEventSchema,
  agent_left: AgentLeftEventSchema,
  room_created: RoomSchema,
  room_destroyed: RoomDestroyedEventSchema,
  presence_update: PresenceUpdateEventSchema,
  vote_created: VoteInfoSchema,
  vote_result: VoteResultSchema,
  election_started: ElectionStartedEventSchema,
  leader_elected: LeaderElectedEventSchema,
  leader_cleared: LeaderClearedEventSchema,
  decision_made: DecisionMadeEventSchema,
  task_assigned: TaskInfoSchema,
  task_updated: TaskInfoSchema,
  typing_indicator: TypingIndicatorEventSchema,
  turn_changed: TurnChangedEventSchema,
  thinking: ChatMessageSchema,
} as const satisfies Record<EventType, z.ZodType>;

/** The payload type of event `T`. */
export type EventPayload<T extends EventType> = z.infer<(typeof EVENTS)[T]>;

/** A pushed event as the client hands it out: `{type, id, payload}`, discriminated by `type`. */
export type ServerEvent = { [T in EventType]: { type: T; id?: string; payload: EventPayload<T> } }[EventType];
