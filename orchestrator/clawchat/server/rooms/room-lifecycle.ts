import type { AgentSession } from '../agents/agent-session.js';
import type { ServerContext } from '../context.js';
import type { RoomRecord } from '../store/records.js';
import { eventLine, roomWire } from '../wire.js';

/** Sends `line` to every connected agent whose key may see `room` (`room_created`, `room_destroyed`). */
export function sendToViewers(ctx: ServerContext, room: RoomRecord, line: string): void {
  for (const s of ctx.agents.all()) {
    if (ctx.rooms.canRead(room, s.keyHash, ctx.auth.noAuth)) s.send(line);
  }
}

/** Announces a new room with `room_created` (the full Room) to every agent allowed to see it. */
export function announceRoomCreated(ctx: ServerContext, room: RoomRecord): void {
  sendToViewers(ctx, room, eventLine('room_created', roomWire(room)));
}

/**
 * Adds an agent to a room. Sends `agent_joined` to the other members (with `reconnected:true`
 * on a reclaim) and, when `announceTurn` and the room was empty, `turn_changed` (`joined`).
 */
export function addToRoom(
  ctx: ServerContext,
  session: AgentSession,
  roomId: string,
  opts: { reconnected?: boolean; announceTurn: boolean },
): void {
  const becameHolder = ctx.members.join(roomId, session.agentId);
  session.rooms.add(roomId);
  const payload: Record<string, unknown> = { room_id: roomId, agent: { agent_id: session.agentId, name: session.name } };
  if (opts.reconnected) payload.reconnected = true;
  ctx.broker.emit(roomId, 'agent_joined', payload, session.agentId);
  if (becameHolder && opts.announceTurn) ctx.broker.turnChanged(roomId, 'joined');
}

/**
 * Removes an agent from a room (leave_room or disconnect): `agent_left` to the others,
 * `turn_changed` if the holder left and someone remains, and destruction of an emptied
 * ephemeral room.
 *
 * @returns the `agent_left` line (the disconnect path buffers it for stashed agents).
 */
export function removeFromRoom(ctx: ServerContext, session: AgentSession, roomId: string, reason: 'left' | 'disconnected'): string {
  const left = eventLine('agent_left', { room_id: roomId, agent_id: session.agentId });
  ctx.broker.broadcast(roomId, left, session.agentId);
  const outcome = ctx.members.leave(roomId, session.agentId);
  session.rooms.delete(roomId);
  if (reason === 'disconnected') ctx.stash.bufferForRoom(roomId, left, session.agentId);
  if (outcome.holderChanged && !outcome.nowEmpty) ctx.broker.turnChanged(roomId, reason);
  if (outcome.nowEmpty) destroyIfEphemeral(ctx, roomId);
  return left;
}

/** Destroys an empty ephemeral room: state dropped, `room_destroyed` to every agent allowed to see it. */
export function destroyIfEphemeral(ctx: ServerContext, roomId: string): void {
  const room = ctx.rooms.destroyEphemeral(roomId);
  if (!room) return;
  ctx.members.removeRoom(roomId);
  ctx.votes.forgetRoom(roomId);
  ctx.tasks.forgetRoom(roomId);
  ctx.elections.forgetRoom(roomId);
  sendToViewers(ctx, room, eventLine('room_destroyed', { room_id: roomId }));
}
