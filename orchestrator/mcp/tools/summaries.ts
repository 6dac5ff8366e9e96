import type { ChatMessage } from '../../clawchat/protocol/index.js';
import { metadataKind } from '../../iteration/room-messages.js';
import type { RoomEvent } from '../room-view.js';

/** A chat message as an agent reads it from chat_wait / chat_history. */
export interface MessageSummary {
  seq: number;
  message_id: string;
  from: string;
  agent_id: string;
  /** True for this agent's own messages. */
  mine: boolean;
  /** metadata.kind (brief, proposal, proposal_ack, proposal_rejected, options, result, …) or null for plain chat. */
  kind: string | null;
  content: string;
  reply_to: string | null;
  /** The metadata, except the brief's (long; see current_config and param_space). */
  metadata?: unknown;
  timestamp: string;
}

/** Summarises one message for the agent. */
export function summariseMessage(m: ChatMessage, self: string): MessageSummary {
  const kind = metadataKind(m.metadata);
  return {
    seq: m.seq,
    message_id: m.message_id,
    from: m.agent_name,
    agent_id: m.agent_id,
    mine: m.agent_id === self,
    kind,
    content: m.content,
    reply_to: m.reply_to_message ?? null,
    ...(m.metadata !== null && m.metadata !== undefined && kind !== 'brief' ? { metadata: m.metadata } : {}),
    timestamp: m.timestamp,
  };
}

/** Summarises one room event for the agent (ballots only appear once a vote closed). */
export function summariseEvent(e: RoomEvent, self: string): Record<string, unknown> {
  const p = e.payload;
  switch (e.type) {
    case 'vote_created':
      return { type: e.type, vote_id: p.vote_id, title: p.title, options: p.options, closes_at: p.closes_at ?? null };
    case 'vote_result':
      return { type: e.type, vote_id: p.vote_id, tally: p.tally, ballots: p.ballots };
    case 'election_started':
      return { type: e.type, candidates: p.candidates, opt_out_seconds: p.opt_out_seconds };
    case 'leader_elected':
      return { type: e.type, leader_id: p.leader_id, leader_name: p.leader_name, you_lead: p.leader_id === self };
    case 'leader_cleared':
      return { type: e.type, reason: p.reason };
    case 'decision_made':
      return { type: e.type, leader_name: p.leader_name, content: p.content, metadata: p.metadata ?? null };
    case 'task_assigned':
    case 'task_updated':
      return { type: e.type, task_id: p.task_id, title: p.title, status: p.status, assignee: p.assignee ?? null, note: p.note ?? null };
    case 'agent_joined':
      return { type: e.type, agent: p.agent };
    case 'agent_left':
      return { type: e.type, agent_id: p.agent_id };
    default:
      return { type: e.type };
  }
}
