import { ClawChatError } from '../../errors/clawchat-error.js';
import { PRESENCE_STATUSES } from '../agents/agent-session.js';
import { agentInfoWire, eventLine, nowIso } from '../wire.js';
import { memberRoom, readableRoom } from './access.js';
import { ok, type CommandHandler } from './handler.js';

/**
 * `list_agents` → `agent_list`. With `room_id`: the readable room's members in join order;
 * without: the agents registered with the caller's key (all agents in no-auth mode).
 */
export const listAgents: CommandHandler<'list_agents'> = (ctx, caller, p) => {
  let agents;
  if (p.room_id != null) {
    const room = readableRoom(ctx, caller, p.room_id);
    agents = ctx.members.list(room.roomId).flatMap((id) => {
      const s = ctx.agents.get(id);
      return s ? [agentInfoWire(s)] : [];
    });
  } else {
    agents = [...ctx.agents.all()].filter((s) => ctx.auth.noAuth || s.keyHash === caller.keyHash).map(agentInfoWire);
  }
  return { type: 'agent_list', payload: { agents } };
};

/** `set_typing` → `{room_id}`; `typing_indicator` to the other members. */
export const setTyping: CommandHandler<'set_typing'> = (ctx, caller, p) => {
  const room = memberRoom(ctx, caller, p.room_id);
  caller.lastActive = nowIso();
  ctx.broker.emit(
    room.roomId,
    'typing_indicator',
    { room_id: room.roomId, agent_id: caller.agentId, agent_name: caller.name, typing: p.typing },
    caller.agentId,
  );
  return ok({ room_id: room.roomId });
};

/**
 * `set_presence` → `{status}`. Status idle, waiting, working or thinking (else
 * `invalid_payload`); `presence_update` (nulls kept) to the others in each of the agent's rooms.
 */
export const setPresence: CommandHandler<'set_presence'> = (ctx, caller, p) => {
  if (!(PRESENCE_STATUSES as readonly string[]).includes(p.status)) {
    throw new ClawChatError('invalid_payload', `status must be one of: ${PRESENCE_STATUSES.join(', ')}`);
  }
  caller.status = p.status;
  caller.statusDetail = p.status_detail ?? null;
  caller.progress = p.progress ?? null;
  caller.lastActive = nowIso();
  const line = eventLine('presence_update', {
    agent_id: caller.agentId,
    agent_name: caller.name,
    status: p.status,
    status_detail: p.status_detail ?? null,
    progress: p.progress ?? null,
  });
  for (const roomId of caller.rooms) ctx.broker.broadcast(roomId, line, caller.agentId);
  return ok({ status: p.status });
};
