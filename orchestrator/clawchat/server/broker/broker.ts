import type { AgentRegistry } from '../agents/agent-registry.js';
import type { RoomMembership } from './room-membership.js';
import { eventLine } from '../wire.js';
import type { EventType } from '../../protocol/frame-types.js';

/**
 * Routes frames to agents (`broker.rs`): to one agent, to a room's members (optionally except
 * one), and turn_changed notices. Each frame line is serialized once and shared by all
 * recipients. Frames for the caller's own connection are queued synchronously, so a handler's
 * events to the caller always precede its reply.
 */
export class Broker {
  constructor(
    readonly agents: AgentRegistry,
    readonly members: RoomMembership,
  ) {}

  /** Sends a line to one agent, if connected. */
  sendTo(agentId: string, line: string): void {
    this.agents.get(agentId)?.send(line);
  }

  /** Sends a line to every member of a room except `exceptId`. */
  broadcast(roomId: string, line: string, exceptId?: string): void {
    for (const id of this.members.view(roomId)) {
      if (id !== exceptId) this.sendTo(id, line);
    }
  }

  /** Builds an event line and sends it to every member of a room except `exceptId`. */
  emit(roomId: string, type: EventType, payload: unknown, exceptId?: string): void {
    if (this.members.count(roomId) === 0) return;
    this.broadcast(roomId, eventLine(type, payload), exceptId);
  }

  /** Sends `turn_changed` with the room's current holder and order to every member. */
  turnChanged(roomId: string, reason: 'joined' | 'left' | 'disconnected' | 'message_sent'): void {
    this.emit(roomId, 'turn_changed', {
      room_id: roomId,
      current_turn_holder: this.members.holder(roomId),
      turn_order: this.members.list(roomId),
      reason,
    });
  }
}
