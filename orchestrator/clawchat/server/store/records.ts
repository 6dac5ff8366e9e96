/**
 * The server's internal records (camelCase). wire.ts turns them into protocol objects
 * (snake_case, upstream field order). Timestamps are RFC 3339 UTC strings, millisecond precision.
 */

/** `public` rooms are visible to every key; `private` ones only to the owner's key. */
export type Visibility = 'public' | 'private';

/** A room, persistent (stored) or ephemeral (memory only, destroyed when its last member leaves). */
export interface RoomRecord {
  roomId: string;
  name: string;
  description: string | null;
  parentId: string | null;
  ephemeral: boolean;
  createdAt: string;
  /** Agent id of the creator; null for the seeded `lobby`. */
  createdBy: string | null;
  visibility: Visibility;
  /** SHA-256 hex of the owner's API key; null for system rooms (lobby), readable by all. */
  ownerKeyHash: string | null;
  encrypted: boolean;
}

/** A chat message, thinking pulse or decision row. */
export interface MessageRecord {
  messageId: string;
  roomId: string;
  agentId: string;
  agentName: string;
  content: string;
  replyTo: string | null;
  /** Any JSON; null when the sender gave none. */
  metadata: unknown;
  timestamp: string;
  seq: number;
}

/** One ballot. */
export interface BallotRecord {
  agentId: string;
  agentName: string;
  optionIndex: number;
}

/** A vote. Ballots are sealed until it closes. */
export interface VoteRecord {
  voteId: string;
  roomId: string;
  title: string;
  description: string | null;
  options: string[];
  createdBy: string;
  createdAt: string;
  closesAt: string | null;
  status: 'open' | 'closed';
  /** Agent ids eligible to vote: the room's members at creation, in join order. */
  eligible: string[];
  /** Ballots in casting order. */
  ballots: BallotRecord[];
  /** Votes of ephemeral rooms live in memory only. */
  ephemeral: boolean;
}

/** A task. */
export interface TaskRecord {
  taskId: string;
  roomId: string;
  title: string;
  description: string | null;
  status: string;
  assignee: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string | null;
  note: string | null;
}

/** A webhook subscription; `secret` never leaves the server. */
export interface SubscriptionRecord {
  subscriptionId: string;
  roomId: string;
  ownerKeyHash: string;
  webhookUrl: string;
  secret: string;
  kinds: string[];
  onlyFrom: string | null;
  notFrom: string | null;
  excludeThinking: boolean;
  sinceSeq: number;
  lastDeliveredSeq: number;
  status: 'active' | 'failed' | 'disabled';
  failureCount: number;
  createdAt: string;
}

/** A queued webhook delivery of one message to one subscription. */
export interface DeliveryRecord {
  deliveryId: string;
  subscriptionId: string;
  messageSeq: number;
  messageId: string;
  nextAttemptAt: string;
  attempts: number;
}

/** Key tiers. Unknown keys and the master key are `free`. */
export type Tier = 'free' | 'pro';
