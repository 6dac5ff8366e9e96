import { randomUUID } from 'node:crypto';
import { encodeFrame } from '../protocol/frame.js';
import type { EventType, ReplyType } from '../protocol/frame-types.js';
import type { ErrorCode } from '../protocol/error-codes.js';
import type { MessageRecord, RoomRecord, SubscriptionRecord, TaskRecord, VoteRecord } from './store/records.js';
import type { AgentSession } from './agents/agent-session.js';

/**
 * Builders of protocol objects and frame lines from the server's records, with upstream field
 * order (`models.rs`). `undefined` fields are omitted on the wire; `null` ones are kept.
 */

/** A ChatMessage: message_id, room_id, agent_id, agent_name, content, reply_to_message?, metadata, timestamp, seq. */
export function chatMessageWire(m: MessageRecord) {
  return {
    message_id: m.messageId,
    room_id: m.roomId,
    agent_id: m.agentId,
    agent_name: m.agentName,
    content: m.content,
    reply_to_message: m.replyTo ?? undefined,
    metadata: m.metadata ?? null,
    timestamp: m.timestamp,
    seq: m.seq,
  };
}

/**
 * A Room. `owner_key` is never sent (upstream leaks the owner's API key there).
 *
 * @param extras `last_activity` (list_rooms, persistent rooms) and `member_count` (list_rooms).
 */
export function roomWire(room: RoomRecord, extras: { lastActivity?: string; memberCount?: number } = {}) {
  return {
    room_id: room.roomId,
    name: room.name,
    description: room.description ?? undefined,
    parent_id: room.parentId ?? undefined,
    ephemeral: room.ephemeral,
    created_at: room.createdAt,
    created_by: room.createdBy ?? undefined,
    visibility: room.visibility,
    last_activity: extras.lastActivity,
    member_count: extras.memberCount,
    encrypted: room.encrypted,
  };
}

/** An AgentInfo. */
export function agentInfoWire(s: AgentSession) {
  return {
    agent_id: s.agentId,
    name: s.name,
    capabilities: s.capabilities,
    connected_at: s.connectedAt,
    last_active: s.lastActive,
    status: s.status,
    status_detail: s.statusDetail ?? undefined,
    progress: s.progress ?? undefined,
  };
}

/** Tally of a vote's ballots, one entry per option. */
export function voteTally(vote: VoteRecord) {
  const counts = vote.options.map(() => 0);
  for (const b of vote.ballots) if (b.optionIndex < counts.length) counts[b.optionIndex] += 1;
  return vote.options.map((text, i) => ({ option_index: i, option_text: text, count: counts[i] }));
}

/** A VoteInfo; `tally` only when closed. */
export function voteInfoWire(vote: VoteRecord) {
  return {
    vote_id: vote.voteId,
    room_id: vote.roomId,
    title: vote.title,
    description: vote.description ?? undefined,
    options: vote.options,
    created_by: vote.createdBy,
    created_at: vote.createdAt,
    closes_at: vote.closesAt ?? undefined,
    status: vote.status,
    votes_cast: vote.ballots.length,
    eligible_voters: vote.eligible.length,
    tally: vote.status === 'closed' ? voteTally(vote) : undefined,
  };
}

/** The `vote_result` payload. */
export function voteResultWire(vote: VoteRecord) {
  return {
    vote_id: vote.voteId,
    room_id: vote.roomId,
    title: vote.title,
    options: vote.options,
    tally: voteTally(vote),
    ballots: vote.ballots.map((b) => ({ agent_id: b.agentId, agent_name: b.agentName, option_index: b.optionIndex })),
    total_votes: vote.ballots.length,
    eligible_voters: vote.eligible.length,
  };
}

/** A TaskInfo. */
export function taskWire(t: TaskRecord) {
  return {
    task_id: t.taskId,
    room_id: t.roomId,
    title: t.title,
    description: t.description ?? undefined,
    status: t.status,
    assignee: t.assignee ?? undefined,
    created_by: t.createdBy,
    created_at: t.createdAt,
    updated_at: t.updatedAt ?? undefined,
    note: t.note ?? undefined,
  };
}

/** A Subscription, without its secret; empty `kinds` omitted as upstream. */
export function subscriptionWire(s: SubscriptionRecord) {
  return {
    subscription_id: s.subscriptionId,
    room_id: s.roomId,
    webhook_url: s.webhookUrl,
    kinds: s.kinds.length > 0 ? s.kinds : undefined,
    only_from: s.onlyFrom ?? undefined,
    not_from: s.notFrom ?? undefined,
    exclude_thinking: s.excludeThinking,
    since_seq: s.sinceSeq,
    last_delivered_seq: s.lastDeliveredSeq,
    status: s.status,
    failure_count: s.failureCount,
    created_at: s.createdAt,
  };
}

/** A pushed event line (fresh UUID id, no reply_to). Serialize once, send to many. */
export function eventLine(type: EventType, payload: unknown): string {
  return encodeFrame({ id: randomUUID(), type, payload });
}

/** A reply line answering request `replyTo` (may be undefined: a request without id). */
export function replyLine(replyTo: string | undefined, type: ReplyType, payload: unknown): string {
  return encodeFrame({ id: randomUUID(), reply_to: replyTo, type, payload });
}

/** An `error` reply line. */
export function errorLine(replyTo: string | undefined, code: ErrorCode, message: string): string {
  return replyLine(replyTo, 'error', { code, message });
}

/** Current time as an RFC 3339 UTC string with millisecond precision. */
export function nowIso(): string {
  return new Date().toISOString();
}
