import type { AgentSession } from '../agents/agent-session.js';
import type { ServerContext } from '../context.js';
import { removeFromRoom } from '../rooms/room-lifecycle.js';

/**
 * Cleans up after a registered connection closed (`server.rs` disconnect path): the key's agent
 * count drops; unless a newer connection took the agent id over, the agent is stashed for a
 * reconnect (if it was in a persistent room), leaves every room (`agent_left`, buffered for
 * stashed members; `turn_changed` `disconnected`; emptied ephemeral rooms destroyed), loses its
 * leaderships (`leader_cleared` `"leader left"`) and is unregistered.
 */
export function disconnectAgent(ctx: ServerContext, session: AgentSession): void {
  ctx.limiter.removeAgent(session.keyHash);
  if (!ctx.agents.isCurrent(session)) return;
  const rooms = [...session.rooms];
  if (rooms.some((id) => ctx.rooms.get(id)?.ephemeral === false)) {
    ctx.stash.stash({ agentId: session.agentId, name: session.name, keyHash: session.keyHash, rooms });
  }
  for (const roomId of rooms) removeFromRoom(ctx, session, roomId, 'disconnected');
  ctx.elections.clearLeaderships(session.agentId);
  ctx.agents.removeIfCurrent(session);
  ctx.logger.debug({ agentId: session.agentId, name: session.name }, 'clawchat: agent disconnected');
}
