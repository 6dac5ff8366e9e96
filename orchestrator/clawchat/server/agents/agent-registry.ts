import type { AgentSession } from './agent-session.js';

/** The registered agents by id (one live session per id). */
export class AgentRegistry {
  private readonly sessions = new Map<string, AgentSession>();

  /** The live session of an agent id. */
  get(agentId: string): AgentSession | undefined {
    return this.sessions.get(agentId);
  }

  /** Adds or replaces (takeover) the session of its agent id. */
  set(session: AgentSession): void {
    this.sessions.set(session.agentId, session);
  }

  /** Removes the agent if `session` is still its live session. @returns true if removed. */
  removeIfCurrent(session: AgentSession): boolean {
    if (this.sessions.get(session.agentId) !== session) return false;
    this.sessions.delete(session.agentId);
    return true;
  }

  /** True if `session` is the agent's live session (not superseded by a takeover). */
  isCurrent(session: AgentSession): boolean {
    return this.sessions.get(session.agentId) === session;
  }

  /** Every live session, in registration order. */
  all(): IterableIterator<AgentSession> {
    return this.sessions.values();
  }

  /** Number of live sessions. */
  get size(): number {
    return this.sessions.size;
  }
}
