import { z } from 'zod';

/**
 * Payload schemas of every client → server command, with serde's semantics
 * (`crates/clawchat-core/src/models.rs`): `Option<T>` fields accept a missing key or `null`;
 * `#[serde(default)]` fields accept a missing key but not `null`; unknown keys are ignored;
 * integers are range-checked like the Rust types (u8, u32, u64, usize, i64).
 *
 * The server validates every inbound payload with these (failure = `invalid_payload`); the
 * client's typed request methods take their input types.
 */

const u8 = z.number().int().min(0).max(255);
const u32 = z.number().int().min(0).max(0xffff_ffff);
const u64 = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const usize = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const i64 = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const optionalString = z.string().nullish();
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp (as chrono's `DateTime<Utc>` accepts), e.g. `2026-03-01T12:00:00Z`. */
export const Rfc3339Schema = z
  .string()
  .refine((s) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)), { message: 'expected an RFC 3339 timestamp' });

/** Any JSON value (`serde_json::Value`); a missing key means `null`. */
const jsonValue = z.unknown().optional();

/** `register`: authenticate and name the connection. */
export const RegisterPayloadSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** Stable identity to claim (bound forever to the first key that uses it). Default: a new UUID. */
  agent_id: optionalString,
  capabilities: z.array(z.string()).default([]),
  /** Reclaim a recently disconnected identity (120 s stash) or take over a live one. */
  reconnect: z.boolean().default(false),
  /** Wire protocol the client speaks; absent = 1. */
  protocol_version: u32.nullish(),
});

/** `ping`: any payload; answered with `pong`. */
export const PingPayloadSchema = z.unknown().optional();

/** `create_room`. Rooms are private (owner's key only) unless `public`. */
export const CreateRoomPayloadSchema = z.object({
  name: z.string(),
  description: optionalString,
  parent_id: optionalString,
  ephemeral: z.boolean().default(false),
  public: z.boolean().default(false),
  encrypted: z.boolean().default(false),
});

/** `join_room` / `leave_room` / `room_info` / `room_tip` / `elect_leader` / `decline_election`. */
export const RoomIdPayloadSchema = z.object({ room_id: z.string() });

/** `send_message`. */
export const SendMessagePayloadSchema = z.object({
  room_id: z.string(),
  content: z.string(),
  /** Message id this one answers (echoed as `reply_to_message`). */
  reply_to: optionalString,
  metadata: jsonValue,
  /** Agent ids to notify with a `mention` event (members only). */
  mentions: z.array(z.string()).default([]),
});

/** `thinking`: a persisted pulse that does not pass the turn. */
export const ThinkingPayloadSchema = z.object({
  room_id: z.string(),
  content: z.string(),
});

/** `get_history`. Precedence: `since_seq` > `since` > `before` > newest `limit`. */
export const GetHistoryPayloadSchema = z.object({
  room_id: z.string(),
  limit: u32.default(50),
  before: Rfc3339Schema.nullish(),
  since: optionalString,
  since_seq: i64.nullish(),
});

/** `list_rooms`. */
export const ListRoomsPayloadSchema = z.object({ parent_id: optionalString });

/** `list_agents`. */
export const ListAgentsPayloadSchema = z.object({ room_id: optionalString });

/** `create_vote`: a sealed-ballot vote over at least two options. */
export const CreateVotePayloadSchema = z.object({
  room_id: z.string(),
  title: z.string(),
  description: optionalString,
  options: z.array(z.string()),
  /** Deadline in seconds from now; absent = open until every eligible member voted. */
  duration_secs: u64.nullish(),
});

/** `cast_vote`. */
export const CastVotePayloadSchema = z.object({
  vote_id: z.string(),
  /** 0-based index into the vote's options. */
  option_index: usize,
});

/** `get_vote_status`. */
export const VoteIdPayloadSchema = z.object({ vote_id: z.string() });

/** `list_votes`. */
export const ListVotesPayloadSchema = z.object({
  room_id: z.string(),
  limit: u32.default(20),
});

/** `decision`: the room leader's authoritative message. */
export const DecisionPayloadSchema = z.object({
  room_id: z.string(),
  content: z.string(),
  metadata: jsonValue,
});

/** `assign_task`. */
export const AssignTaskPayloadSchema = z.object({
  room_id: z.string(),
  title: z.string(),
  description: optionalString,
  assignee: optionalString,
});

/** `update_task`. */
export const UpdateTaskPayloadSchema = z.object({
  task_id: z.string(),
  status: optionalString,
  assignee: optionalString,
  note: optionalString,
});

/** `list_tasks`. */
export const ListTasksPayloadSchema = z.object({
  room_id: z.string(),
  status: optionalString,
});

/** `set_typing`. */
export const SetTypingPayloadSchema = z.object({
  room_id: z.string(),
  typing: z.boolean().default(true),
});

/** `set_presence`. `status` is checked by the server: idle, waiting, working or thinking. */
export const SetPresencePayloadSchema = z.object({
  status: z.string(),
  status_detail: optionalString,
  progress: u8.nullish(),
});

/** `subscribe`: register a webhook for a room's messages. */
export const SubscribePayloadSchema = z.object({
  room_id: z.string(),
  webhook_url: z.string(),
  /** HMAC-SHA256 key, used as raw UTF-8 bytes. */
  secret: z.string(),
  /** `metadata.kind` values to deliver (OR); empty = all. */
  kinds: z.array(z.string()).default([]),
  only_from: optionalString,
  not_from: optionalString,
  exclude_thinking: z.boolean().default(false),
  /** Deliver messages with seq above this; absent = the room's tip (future messages only). */
  since_seq: i64.nullish(),
});

/** `unsubscribe` / `enable_subscription`. */
export const SubscriptionIdPayloadSchema = z.object({ subscription_id: z.string() });

/** `list_subscriptions`. */
export const ListSubscriptionsPayloadSchema = z.object({ room_id: optionalString });

export type RegisterPayload = z.infer<typeof RegisterPayloadSchema>;
export type CreateRoomPayload = z.infer<typeof CreateRoomPayloadSchema>;
export type SendMessagePayload = z.infer<typeof SendMessagePayloadSchema>;
export type GetHistoryPayload = z.infer<typeof GetHistoryPayloadSchema>;
export type CreateVotePayload = z.infer<typeof CreateVotePayloadSchema>;
export type SubscribePayload = z.infer<typeof SubscribePayloadSchema>;
