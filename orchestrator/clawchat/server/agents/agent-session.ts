import type { Tier } from '../store/records.js';

/** Where a session's frames go: its connection. */
export interface Outbound {
  /** Queues one frame line (no newline) for the peer. */
  sendLine(line: string): void;
  /** Drops the connection (e.g. superseded by a takeover). */
  drop(reason: string): void;
}

/** Presence statuses `set_presence` accepts. */
export const PRESENCE_STATUSES = ['idle', 'waiting', 'working', 'thinking'] as const;

/**
 * A registered agent: its identity, key, presence and rooms, bound to one connection.
 * A takeover or reconnect creates a new session for the same agent id.
 */
export class AgentSession {
  /** Rooms the agent is in (the broker keeps join order per room). */
  readonly rooms = new Set<string>();
  /** Presence status; starts `idle`. */
  status = 'idle';
  statusDetail: string | null = null;
  progress: number | null = null;
  /** RFC 3339; updated on send, typing and presence. */
  lastActive: string;

  /**
   * @param agentId the agent's id (client-chosen stable id or a server UUID).
   * @param name display name.
   * @param capabilities free-form capability tags.
   * @param keyHash SHA-256 hex of the key the agent registered with.
   * @param tier the key's tier (limits).
   * @param sessionId unique per registration.
   * @param connectedAt RFC 3339 registration time.
   * @param out the connection's outbound side.
   */
  constructor(
    readonly agentId: string,
    readonly name: string,
    readonly capabilities: string[],
    readonly keyHash: string,
    readonly tier: Tier,
    readonly sessionId: string,
    readonly connectedAt: string,
    readonly out: Outbound,
  ) {
    this.lastActive = connectedAt;
  }

  /** Sends one frame line to this agent. */
  send(line: string): void {
    this.out.sendLine(line);
  }
}
