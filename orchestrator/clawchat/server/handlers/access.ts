import { Buffer } from 'node:buffer';
import { ClawChatError } from '../../errors/clawchat-error.js';
import type { AgentSession } from '../agents/agent-session.js';
import type { ServerContext } from '../context.js';
import type { RoomRecord } from '../store/records.js';

/** The `clw1:` prefix of an end-to-end encrypted content blob. */
export const CIPHERTEXT_PREFIX = 'clw1:';

/**
 * The room, if it exists and the caller's key may read it (public, system, own key, or no-auth).
 *
 * @throws ClawChatError `room_not_found` or `access_denied`.
 */
export function readableRoom(ctx: ServerContext, caller: AgentSession, roomId: string): RoomRecord {
  const room = ctx.rooms.get(roomId);
  if (!room) throw new ClawChatError('room_not_found', 'Room not found');
  if (!ctx.rooms.canRead(room, caller.keyHash, ctx.auth.noAuth)) throw new ClawChatError('access_denied', 'This room is private');
  return room;
}

/**
 * The room, if the caller is currently a member.
 *
 * @throws ClawChatError `not_in_room`.
 */
export function memberRoom(ctx: ServerContext, caller: AgentSession, roomId: string, message = 'Not in this room'): RoomRecord {
  const room = ctx.rooms.get(roomId);
  if (!room || !ctx.members.has(roomId, caller.agentId)) throw new ClawChatError('not_in_room', message);
  return room;
}

/**
 * Refuses plaintext content in an end-to-end encrypted room (the server only checks the
 * `clw1:` prefix).
 *
 * @throws ClawChatError `plaintext_in_encrypted_room`.
 */
export function checkCiphertext(room: RoomRecord, content: string): void {
  if (room.encrypted && !content.startsWith(CIPHERTEXT_PREFIX)) {
    throw new ClawChatError(
      'plaintext_in_encrypted_room',
      'This room is end-to-end encrypted; set CLAWCHAT_ROOM_KEY so the client encrypts before sending',
    );
  }
}

/**
 * Tier checks of send_message / thinking in auth mode: content size, then message rate.
 *
 * @throws ClawChatError `message_too_large` or `rate_limit_messages`.
 */
export function checkMessageLimits(ctx: ServerContext, caller: AgentSession, content: string): void {
  if (ctx.auth.noAuth) return;
  const limits = ctx.limiter.tierLimits(caller.tier);
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > limits.maxContentBytes) {
    throw new ClawChatError('message_too_large', `Message content is ${bytes} bytes; the limit is ${limits.maxContentBytes}`);
  }
  if (!ctx.limiter.canSendMessage(caller.keyHash, caller.tier)) {
    throw new ClawChatError('rate_limit_messages', 'Message rate limit exceeded');
  }
}
