import { randomUUID } from 'node:crypto';
import { ClawChatError } from '../../errors/clawchat-error.js';
import { nowIso } from '../wire.js';
import { checkCiphertext, memberRoom } from './access.js';
import { ok, type CommandHandler } from './handler.js';
import { recordMessage } from './messages.js';

/**
 * `elect_leader` → `{room_id, candidates, message}`. Member only; candidates are the members
 * now; `election_in_progress` if one runs. `election_started` to all (the caller's copy first);
 * after the opt-out window `leader_elected` or `leader_cleared` follows.
 */
export const electLeader: CommandHandler<'elect_leader'> = (ctx, caller, p) => {
  const room = memberRoom(ctx, caller, p.room_id, 'Must be in room to start election');
  const candidates = ctx.members.list(room.roomId);
  ctx.elections.start(room.roomId, candidates, caller.agentId);
  const seconds = ctx.elections.optOutSeconds;
  ctx.broker.emit(room.roomId, 'election_started', {
    room_id: room.roomId,
    candidates,
    started_by: caller.agentId,
    opt_out_seconds: seconds,
  });
  return ok({
    room_id: room.roomId,
    candidates,
    message: `Election started. Agents have ${seconds} seconds to decline.`,
  });
};

/** `decline_election` → `{room_id, message:"Declined election"}`; `no_election_active` otherwise. */
export const declineElection: CommandHandler<'decline_election'> = (ctx, caller, p) => {
  ctx.elections.decline(p.room_id, caller.agentId);
  return ok({ room_id: p.room_id, message: 'Declined election' });
};

/**
 * `decision` → `{message_id, room_id}`. Member and leader only (`not_leader`). In a persistent
 * room it is stored as a message with metadata `{"type":"decision","decided_by":id}` (consuming
 * a seq; no message_received, no webhook, no turn change). `decision_made` to all members.
 */
export const decision: CommandHandler<'decision'> = (ctx, caller, p) => {
  const room = memberRoom(ctx, caller, p.room_id);
  if (!ctx.elections.isLeader(room.roomId, caller.agentId)) {
    throw new ClawChatError('not_leader', 'Only the room leader can issue decisions');
  }
  checkCiphertext(room, p.content);
  const messageId = room.ephemeral
    ? randomUUID()
    : recordMessage(ctx, room, caller, {
        content: p.content,
        replyTo: null,
        metadata: { type: 'decision', decided_by: caller.agentId },
      }).messageId;
  ctx.broker.emit(room.roomId, 'decision_made', {
    room_id: room.roomId,
    message_id: messageId,
    leader_id: caller.agentId,
    leader_name: caller.name,
    content: p.content,
    metadata: p.metadata ?? null,
    timestamp: nowIso(),
  });
  return ok({ message_id: messageId, room_id: room.roomId });
};
