import { describeZodError } from '../../protocol/frame.js';
import { randomUUID } from 'node:crypto';
import { RegisterPayloadSchema } from '../../protocol/commands.js';
import type { ErrorCode } from '../../protocol/error-codes.js';
import { AgentSession, type Outbound } from '../agents/agent-session.js';
import type { ServerContext } from '../context.js';
import { addToRoom } from '../rooms/room-lifecycle.js';
import { nowIso, replyLine } from '../wire.js';

/** The protocol versions this server speaks. */
export const PROTOCOL_VERSION = 1;
export const MIN_SUPPORTED_PROTOCOL = 1;

/** Outcome of {@link registerAgent}. */
export type RegistrationOutcome =
  | { ok: true; session: AgentSession }
  | { ok: false; code: ErrorCode; message: string; /** Close the connection after the error. */ close: boolean };

function refuse(code: ErrorCode, message: string, close: boolean): RegistrationOutcome {
  return { ok: false, code, message, close };
}

/**
 * Handles `register` (`server.rs connection_loop`), in upstream order:
 * 1. payload invalid → `invalid_payload` (connection stays);
 * 2. protocol_version outside 1..=1 → `unsupported_protocol`, closed;
 * 3. key neither the master key nor a stored API key (auth mode) → `unauthorized`, closed;
 * 4. the key's concurrent-agent cap (auth mode) → `rate_limit_agents`, closed;
 * 5. an `agent_id` (auth mode) is bound forever to the first key that used it → other key:
 *    `agent_id_taken` (stays);
 * 6. `reconnect:true` + a stash (< 120 s) → reclaim (rooms rejoined, `agent_joined` with
 *    `reconnected:true` to others, stashed `agent_left` events replayed after the reply);
 *    `reconnect:true` + the id live with the same key → takeover (rooms inherited, no
 *    broadcasts, old socket dropped); id live and no reconnect → `agent_id_taken`.
 *
 * On success the `ok` reply `{agent_id, name, protocol_version:1}` (plus `reconnected`, `rooms`,
 * `missed_messages` on a reclaim) is sent on `out`, then the buffered frames.
 */
export function registerAgent(ctx: ServerContext, out: Outbound, requestId: string | undefined, payload: unknown): RegistrationOutcome {
  const parsed = RegisterPayloadSchema.safeParse(payload);
  if (!parsed.success) return refuse('invalid_payload', describeZodError(parsed.error), false);
  const p = parsed.data;

  const version = p.protocol_version ?? 1;
  if (version < MIN_SUPPORTED_PROTOCOL || version > PROTOCOL_VERSION) {
    const message =
      version > PROTOCOL_VERSION
        ? `Client protocol v${version} is newer than this server (v${PROTOCOL_VERSION}); the server needs an upgrade`
        : `Client protocol v${version} is no longer supported (server requires >= v${MIN_SUPPORTED_PROTOCOL})`;
    return refuse('unsupported_protocol', message, true);
  }

  const identity = ctx.auth.authenticate(p.key);
  if (!identity) return refuse('unauthorized', 'Invalid API key', true);
  const noAuth = ctx.auth.noAuth;
  if (!noAuth && !ctx.limiter.canAddAgent(identity.keyHash, identity.tier)) {
    return refuse('rate_limit_agents', 'Agent limit exceeded for this API key', true);
  }

  const agentId = p.agent_id ?? randomUUID();
  if (!noAuth && p.agent_id != null && !ctx.store.keys.claimIdentity(agentId, identity.keyHash)) {
    return refuse('agent_id_taken', 'Agent ID belongs to a different API key', false);
  }

  let reclaimedRooms: string[] | undefined;
  let missed: string[] = [];
  let takeover: AgentSession | undefined;
  if (p.reconnect && ctx.stash.has(agentId)) {
    const result = ctx.stash.reclaim(agentId, identity.keyHash, noAuth);
    if (result.kind === 'key_mismatch') return refuse('agent_id_taken', 'Agent ID belongs to a different API key', false);
    if (result.kind === 'reclaimed') {
      reclaimedRooms = result.stash.rooms.filter((id) => ctx.rooms.get(id) !== undefined);
      missed = result.stash.missed;
    }
  }
  const live = ctx.agents.get(agentId);
  if (live) {
    if (reclaimedRooms === undefined) {
      if (!p.reconnect) return refuse('agent_id_taken', 'Agent ID already in use', false);
      if (!noAuth && live.keyHash !== identity.keyHash) return refuse('agent_id_taken', 'Agent ID belongs to a different API key', false);
    }
    takeover = live;
  }

  const okPayload: Record<string, unknown> = { agent_id: agentId, name: p.name, protocol_version: PROTOCOL_VERSION };
  if (reclaimedRooms !== undefined) {
    okPayload.reconnected = true;
    okPayload.rooms = reclaimedRooms;
    okPayload.missed_messages = missed.length;
  }
  out.sendLine(replyLine(requestId, 'ok', okPayload));
  for (const line of missed) out.sendLine(line);

  const session = new AgentSession(agentId, p.name, p.capabilities, identity.keyHash, identity.tier, randomUUID(), nowIso(), out);
  ctx.limiter.addAgent(identity.keyHash);
  ctx.agents.set(session);

  if (takeover) {
    for (const roomId of takeover.rooms) session.rooms.add(roomId);
    takeover.out.drop('taken over by a new connection with the same agent_id');
  }
  if (reclaimedRooms) {
    for (const roomId of reclaimedRooms) addToRoom(ctx, session, roomId, { reconnected: true, announceTurn: false });
  }
  ctx.logger.debug({ agentId, name: p.name, reconnected: reclaimedRooms !== undefined, takeover: takeover !== undefined }, 'clawchat: agent registered');
  return { ok: true, session };
}
