import type { TimerSet } from '../timer-set.js';

/** What is kept of a disconnected agent. */
export interface StashedAgent {
  agentId: string;
  name: string;
  keyHash: string;
  /** Rooms it was in (rejoined on reclaim). */
  rooms: string[];
  /** Buffered frame lines: `agent_left` events of other agents, at most `maxEvents`. */
  missed: string[];
  /** Date.now() at disconnect. */
  at: number;
}

/** Result of {@link ReconnectStash.reclaim}. */
export type ReclaimResult = { kind: 'reclaimed'; stash: StashedAgent } | { kind: 'none' } | { kind: 'key_mismatch' };

/**
 * The reconnect stash (`reconnect.rs`): when an agent that was in at least one persistent room
 * disconnects, its rooms are kept for `windowMs` (120 s upstream, swept every `sweepMs`) and
 * `agent_left` events of other agents in those rooms are buffered (at most 200). Chat messages
 * are NOT buffered: catch-up is done with `get_history since_seq`.
 */
export class ReconnectStash {
  private readonly stashed = new Map<string, StashedAgent>();

  constructor(
    private readonly windowMs: number,
    sweepMs: number,
    private readonly maxEvents: number,
    timers: TimerSet,
  ) {
    timers.interval(() => this.sweep(), sweepMs);
  }

  /** Stashes a disconnected agent (replacing an older stash of the same id). */
  stash(entry: Omit<StashedAgent, 'missed' | 'at'>): void {
    this.stashed.set(entry.agentId, { ...entry, missed: [], at: Date.now() });
  }

  /** True if a stash exists for the id (even if expired but not yet swept). */
  has(agentId: string): boolean {
    return this.stashed.has(agentId);
  }

  /**
   * Takes the stash of `agentId` for `keyHash`. A stash of another key is refused (even
   * expired, until swept); an expired one is dropped.
   */
  reclaim(agentId: string, keyHash: string, noAuth: boolean): ReclaimResult {
    const entry = this.stashed.get(agentId);
    if (!entry) return { kind: 'none' };
    if (!noAuth && entry.keyHash !== keyHash) return { kind: 'key_mismatch' };
    this.stashed.delete(agentId);
    if (Date.now() - entry.at >= this.windowMs) return { kind: 'none' };
    return { kind: 'reclaimed', stash: entry };
  }

  /** Buffers `line` for every stashed agent of `roomId` except `exceptId`. */
  bufferForRoom(roomId: string, line: string, exceptId: string): void {
    for (const entry of this.stashed.values()) {
      if (entry.agentId === exceptId || !entry.rooms.includes(roomId)) continue;
      if (entry.missed.length < this.maxEvents) entry.missed.push(line);
    }
  }

  /** Number of stashed agents. */
  get size(): number {
    return this.stashed.size;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.stashed) if (now - entry.at >= this.windowMs) this.stashed.delete(id);
  }
}
