import { ClawChatError } from '../../errors/clawchat-error.js';
import type { AgentSession } from '../agents/agent-session.js';
import { newMessageId } from '../message-id.js';
import type { ServerContext } from '../context.js';
import type { MessageRecord, RoomRecord } from '../store/records.js';
import { chatMessageWire, eventLine, nowIso } from '../wire.js';
import { checkCiphertext, checkMessageLimits, memberRoom } from './access.js';
import { ok, type CommandHandler } from './handler.js';

/**
 * Stores (persistent room) or numbers (ephemeral room) a message.
 *
 * @throws ClawChatError `internal_error` when the store refuses it (e.g. `reply_to` naming no
 * stored message: a foreign-key failure, as upstream).
 */
export function recordMessage(
  ctx: ServerContext,
  room: RoomRecord,
  caller: AgentSession,
  fields: { content: string; replyTo: string | null; metadata: unknown },
): MessageRecord {
  const base = {
    messageId: newMessageId(),
    roomId: room.roomId,
    agentId: caller.agentId,
    agentName: caller.name,
    content: fields.content,
    replyTo: fields.replyTo,
    metadata: fields.metadata ?? null,
    timestamp: nowIso(),
  };
  if (room.ephemeral) return { ...base, seq: ctx.rooms.nextEphemeralSeq(room.roomId) };
  try {
    return { ...base, seq: ctx.store.messages.insert(base) };
  } catch (err) {
    throw new ClawChatError('internal_error', (err as Error).message, { cause: err });
  }
}

/**
 * `send_message` → the stored ChatMessage. Member only; plaintext refused in encrypted rooms;
 * size and rate checks (auth mode). `message_received` to the others, `mention` to mentioned
 * members, the turn token moves to the member after the sender and `turn_changed`
 * (`message_sent`) goes to all — the sender's copy before its reply.
 */
export const sendMessage: CommandHandler<'send_message'> = (ctx, caller, p) => {
  const room = memberRoom(ctx, caller, p.room_id);
  checkCiphertext(room, p.content);
  checkMessageLimits(ctx, caller, p.content);
  const msg = recordMessage(ctx, room, caller, { content: p.content, replyTo: p.reply_to ?? null, metadata: p.metadata });
  if (!ctx.auth.noAuth) ctx.limiter.countMessage(caller.keyHash);
  caller.lastActive = msg.timestamp;
  const wire = chatMessageWire(msg);
  ctx.broker.broadcast(room.roomId, eventLine('message_received', wire), caller.agentId);
  const mentioned = [...new Set(p.mentions)].filter((id) => ctx.members.has(room.roomId, id));
  if (mentioned.length > 0) {
    const line = eventLine('mention', { room_id: room.roomId, message: wire });
    for (const id of mentioned) ctx.broker.sendTo(id, line);
  }
  ctx.members.advanceFrom(room.roomId, caller.agentId);
  ctx.broker.turnChanged(room.roomId, 'message_sent');
  if (!room.ephemeral) ctx.webhooks.enqueueForMessage(msg);
  return ok(wire);
};

/**
 * `thinking` → the ChatMessage (metadata `{"type":"thinking"}`): stored like a message and
 * consuming a seq, broadcast as a `thinking` event to the others, the turn unchanged.
 */
export const thinking: CommandHandler<'thinking'> = (ctx, caller, p) => {
  const room = memberRoom(ctx, caller, p.room_id);
  checkCiphertext(room, p.content);
  checkMessageLimits(ctx, caller, p.content);
  const msg = recordMessage(ctx, room, caller, { content: p.content, replyTo: null, metadata: { type: 'thinking' } });
  if (!ctx.auth.noAuth) ctx.limiter.countMessage(caller.keyHash);
  const wire = chatMessageWire(msg);
  ctx.broker.broadcast(room.roomId, eventLine('thinking', wire), caller.agentId);
  if (!room.ephemeral) ctx.webhooks.enqueueForMessage(msg);
  return ok(wire);
};
