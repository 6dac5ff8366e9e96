import { chatMessageWire } from '../wire.js';
import { readableRoom } from './access.js';
import type { CommandHandler } from './handler.js';

/**
 * `get_history` → `history_result` `{room_id, messages}` (ascending). Readable rooms; membership
 * not needed. Precedence: `since_seq` (seq > N, oldest first) > `since` (after a message id;
 * unknown id → []) > `before` (newest before a time) > the newest `limit`. Thinking and decision
 * rows are included. Ephemeral rooms store nothing: always [].
 */
export const getHistory: CommandHandler<'get_history'> = (ctx, caller, p) => {
  const room = readableRoom(ctx, caller, p.room_id);
  const messages = room.ephemeral
    ? []
    : ctx.store.messages
        .history(room.roomId, {
          limit: p.limit,
          sinceSeq: p.since_seq,
          since: p.since,
          before: p.before == null ? null : new Date(p.before).toISOString(),
        })
        .map(chatMessageWire);
  return { type: 'history_result', payload: { room_id: p.room_id, messages } };
};
