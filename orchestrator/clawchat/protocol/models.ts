import { z } from 'zod';

/**
 * The objects ClawChat frames carry (`crates/clawchat-core/src/models.rs`), as zod schemas a
 * client validates inbound frames with. Field order is the serialized order. Fields marked
 * optional are omitted when empty (serde `skip_serializing_if`); the schemas also accept
 * `null` there so that other server implementations pass. Unknown extra fields are kept
 * (`looseObject`) so a newer server never breaks a client.
 *
 * Timestamps are RFC 3339 UTC strings with `Z` (persisted rows: millisecond precision).
 */

/** An RFC 3339 timestamp string, e.g. `2026-03-01T12:00:00.123Z`. */
export const TimestampSchema = z.string();

/** A chat message (also the `thinking` pulse and, in history, decision rows). */
export const ChatMessageSchema = z.looseObject({
  message_id: z.string(),
  room_id: z.string(),
  agent_id: z.string(),
  agent_name: z.string(),
  content: z.string(),
  reply_to_message: z.string().nullish(),
  /** Any JSON; `null` when the sender gave none; `{"type":"thinking"}` for pulses. */
  metadata: z.unknown().optional(),
  timestamp: TimestampSchema,
  /** Per-room sequence number, from 1, strictly increasing. */
  seq: z.number().int(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** A room. itercrew's server never sends `owner_key`; upstream does, so clients accept it. */
export const RoomSchema = z.looseObject({
  room_id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  parent_id: z.string().nullish(),
  ephemeral: z.boolean(),
  created_at: TimestampSchema,
  created_by: z.string().nullish(),
  /** `public` or `private`. */
  visibility: z.string(),
  owner_key: z.string().nullish(),
  last_activity: TimestampSchema.nullish(),
  member_count: z.number().int().nullish(),
  encrypted: z.boolean().default(false),
});
export type Room = z.infer<typeof RoomSchema>;

/** A connected agent as listed by `list_agents` and `room_info`. */
export const AgentInfoSchema = z.looseObject({
  agent_id: z.string(),
  name: z.string(),
  capabilities: z.array(z.string()).default([]),
  connected_at: TimestampSchema.nullish(),
  last_active: TimestampSchema.nullish(),
  /** Presence: `idle`, `waiting`, `working` or `thinking`. */
  status: z.string().nullish(),
  status_detail: z.string().nullish(),
  /** 0-255 as sent (documented as a percentage 0-100). */
  progress: z.number().int().nullish(),
});
export type AgentInfo = z.infer<typeof AgentInfoSchema>;

/** `{agent_id, name}` as carried by `agent_joined`. */
export const AgentRefSchema = z.looseObject({
  agent_id: z.string(),
  name: z.string(),
});
export type AgentRef = z.infer<typeof AgentRefSchema>;

/** One option's count in a closed vote. */
export const VoteTallySchema = z.looseObject({
  option_index: z.number().int(),
  option_text: z.string(),
  count: z.number().int(),
});
export type VoteTally = z.infer<typeof VoteTallySchema>;

/** One revealed ballot. */
export const BallotEntrySchema = z.looseObject({
  agent_id: z.string(),
  agent_name: z.string(),
  option_index: z.number().int(),
});
export type BallotEntry = z.infer<typeof BallotEntrySchema>;

/** A vote's summary; `tally` only once closed (sealed ballots). */
export const VoteInfoSchema = z.looseObject({
  vote_id: z.string(),
  room_id: z.string(),
  title: z.string(),
  description: z.string().nullish(),
  options: z.array(z.string()),
  created_by: z.string(),
  created_at: TimestampSchema,
  closes_at: TimestampSchema.nullish(),
  /** `open` or `closed`. */
  status: z.string(),
  votes_cast: z.number().int(),
  eligible_voters: z.number().int(),
  tally: z.array(VoteTallySchema).nullish(),
});
export type VoteInfo = z.infer<typeof VoteInfoSchema>;

/** The `vote_result` event: results and ballots revealed when the vote closes. */
export const VoteResultSchema = z.looseObject({
  vote_id: z.string(),
  room_id: z.string(),
  title: z.string(),
  options: z.array(z.string()),
  tally: z.array(VoteTallySchema),
  ballots: z.array(BallotEntrySchema),
  total_votes: z.number().int(),
  eligible_voters: z.number().int(),
});
export type VoteResult = z.infer<typeof VoteResultSchema>;

/** A task tracked in a room. `status` is free text (pending/in_progress/completed/blocked by convention). */
export const TaskInfoSchema = z.looseObject({
  task_id: z.string(),
  room_id: z.string(),
  title: z.string(),
  description: z.string().nullish(),
  status: z.string(),
  assignee: z.string().nullish(),
  created_by: z.string(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema.nullish(),
  note: z.string().nullish(),
});
export type TaskInfo = z.infer<typeof TaskInfoSchema>;

/** A webhook subscription (its secret is never returned). */
export const SubscriptionSchema = z.looseObject({
  subscription_id: z.string(),
  room_id: z.string(),
  webhook_url: z.string(),
  kinds: z.array(z.string()).default([]),
  only_from: z.string().nullish(),
  not_from: z.string().nullish(),
  exclude_thinking: z.boolean(),
  since_seq: z.number().int(),
  last_delivered_seq: z.number().int(),
  /** `active`, `failed` or `disabled`. */
  status: z.string(),
  failure_count: z.number().int(),
  created_at: TimestampSchema,
});
export type Subscription = z.infer<typeof SubscriptionSchema>;
