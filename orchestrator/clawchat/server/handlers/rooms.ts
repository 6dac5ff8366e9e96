import { randomUUID } from 'node:crypto';
import { ClawChatError } from '../../errors/clawchat-error.js';
import { addToRoom, announceRoomCreated, removeFromRoom } from '../rooms/room-lifecycle.js';
import type { RoomRecord } from '../store/records.js';
import { RoomNameTakenError } from '../store/store.js';
import { agentInfoWire, nowIso, roomWire } from '../wire.js';
import { memberRoom, readableRoom } from './access.js';
import { ok, type CommandHandler } from './handler.js';

/**
 * `create_room`: a new room (UUID id, private unless `public`); the creator is NOT joined.
 * Persistent names are unique (`room_name_taken`); a persistent room's parent must exist and
 * be readable. `room_created` goes to every agent allowed to see it, creator included, before
 * the reply. In auth mode each key may create `maxRooms` rooms per server process.
 */
export const createRoom: CommandHandler<'create_room'> = (ctx, caller, p) => {
  const limited = !ctx.auth.noAuth;
  if (limited && !ctx.limiter.canCreateRoom(caller.keyHash, caller.tier)) {
    throw new ClawChatError('rate_limit_rooms', 'Room limit exceeded for this API key');
  }
  if (!p.ephemeral && p.parent_id != null) {
    const parent = ctx.rooms.get(p.parent_id);
    if (!parent) throw new ClawChatError('room_not_found', 'Parent room not found');
    if (!ctx.rooms.canRead(parent, caller.keyHash, ctx.auth.noAuth)) throw new ClawChatError('access_denied', 'Parent room is private');
  }
  const room: RoomRecord = {
    roomId: randomUUID(),
    name: p.name,
    description: p.description ?? null,
    parentId: p.parent_id ?? null,
    ephemeral: p.ephemeral,
    createdAt: nowIso(),
    createdBy: caller.agentId,
    visibility: p.public ? 'public' : 'private',
    ownerKeyHash: caller.keyHash,
    encrypted: p.encrypted,
  };
  try {
    ctx.rooms.add(room);
  } catch (err) {
    if (err instanceof RoomNameTakenError) throw new ClawChatError('room_name_taken', `Room name '${p.name}' already taken`);
    throw err;
  }
  if (limited) ctx.limiter.countRoom(caller.keyHash);
  announceRoomCreated(ctx, room);
  return ok(roomWire(room));
};

/**
 * `join_room`: idempotent (re-join = ok, no events). `agent_joined` to the others; if the room
 * was empty the joiner takes the turn token and `turn_changed` (`joined`) goes to all.
 */
export const joinRoom: CommandHandler<'join_room'> = (ctx, caller, p) => {
  readableRoom(ctx, caller, p.room_id);
  if (!ctx.members.has(p.room_id, caller.agentId)) addToRoom(ctx, caller, p.room_id, { announceTurn: true });
  return ok({ room_id: p.room_id });
};

/**
 * `leave_room`: `agent_left` to the others, `turn_changed` (`left`) if the holder left, an
 * emptied ephemeral room is destroyed (`room_destroyed`). Leadership is NOT cleared.
 */
export const leaveRoom: CommandHandler<'leave_room'> = (ctx, caller, p) => {
  memberRoom(ctx, caller, p.room_id);
  removeFromRoom(ctx, caller, p.room_id, 'left');
  return ok({ room_id: p.room_id });
};

/**
 * `list_rooms` → `room_list`: rooms the key may see (persistent by name, then ephemeral), each
 * with `member_count`, persistent ones with `last_activity`; optionally only children of
 * `parent_id`.
 */
export const listRooms: CommandHandler<'list_rooms'> = (ctx, caller, p) => {
  const rooms = ctx.rooms
    .listed()
    .filter((r) => (p.parent_id == null || r.parentId === p.parent_id) && ctx.rooms.canRead(r, caller.keyHash, ctx.auth.noAuth))
    .map((r) =>
      roomWire(r, {
        lastActivity: r.ephemeral ? undefined : ctx.store.rooms.lastActivity(r.roomId),
        memberCount: ctx.members.count(r.roomId),
      }),
    );
  return { type: 'room_list', payload: { rooms } };
};

/**
 * `room_info` → `room_info_result` `{room, agents, sub_rooms, current_turn_holder, turn_order}`.
 * Readable rooms only; sub-rooms the key may see.
 */
export const roomInfo: CommandHandler<'room_info'> = (ctx, caller, p) => {
  const room = readableRoom(ctx, caller, p.room_id);
  const order = ctx.members.list(room.roomId);
  const agents = order.flatMap((id) => {
    const s = ctx.agents.get(id);
    return s ? [agentInfoWire(s)] : [];
  });
  const subRooms = ctx.rooms
    .children(room.roomId)
    .filter((r) => ctx.rooms.canRead(r, caller.keyHash, ctx.auth.noAuth))
    .map((r) => roomWire(r));
  return {
    type: 'room_info_result',
    payload: {
      room: roomWire(room),
      agents,
      sub_rooms: subRooms,
      current_turn_holder: ctx.members.holder(room.roomId),
      turn_order: order,
    },
  };
};

/** `room_tip` → `room_tip_result` `{room_id, seq}`: the room's latest seq, 0 if none. */
export const roomTip: CommandHandler<'room_tip'> = (ctx, caller, p) => {
  const room = readableRoom(ctx, caller, p.room_id);
  return { type: 'room_tip_result', payload: { room_id: room.roomId, seq: ctx.rooms.tip(room) } };
};
