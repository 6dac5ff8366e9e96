import { randomInt } from 'node:crypto';
import type { Logger } from '../../../logging/logger.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { Broker } from '../broker/broker.js';
import { ClawChatError } from '../../errors/clawchat-error.js';
import type { TimerSet } from '../timer-set.js';

interface Election {
  candidates: string[];
  declined: Set<string>;
  startedBy: string;
}

/**
 * Leader elections and room leadership (`voting.rs`). An election opens an opt-out window
 * (2 s upstream); then a leader is drawn uniformly at random among the candidates that did
 * not decline → `leader_elected` to the room; if none remain → `leader_cleared`
 * (`"all candidates declined"`). A new election replaces a leader silently. Leadership is
 * memory-only and is cleared (`"leader left"`) when the leader disconnects, not on leave_room.
 *
 * Knowingly different from upstream: a candidate that disconnected during the window is not
 * drawn (upstream could elect an agent that is gone, leaving the room without a usable leader).
 */
export class ElectionManager {
  private readonly active = new Map<string, Election>();
  private readonly leaders = new Map<string, string>();

  constructor(
    private readonly broker: Broker,
    private readonly agents: AgentRegistry,
    private readonly timers: TimerSet,
    private readonly optOutMs: number,
    private readonly logger: Logger,
  ) {}

  /** The opt-out window in seconds, as announced in `election_started`. */
  get optOutSeconds(): number {
    return this.optOutMs / 1000;
  }

  /**
   * Starts an election among `candidates`.
   *
   * @throws ClawChatError `election_in_progress` if one is running in the room.
   */
  start(roomId: string, candidates: string[], startedBy: string): void {
    if (this.active.has(roomId)) throw new ClawChatError('election_in_progress', 'An election is already running in this room');
    this.active.set(roomId, { candidates, declined: new Set(), startedBy });
    this.timers.timeout(() => this.finish(roomId), this.optOutMs);
  }

  /**
   * Opts `agentId` out of the running election.
   *
   * @throws ClawChatError `no_election_active`.
   */
  decline(roomId: string, agentId: string): void {
    const election = this.active.get(roomId);
    if (!election) throw new ClawChatError('no_election_active', 'No active election in this room');
    election.declined.add(agentId);
  }

  /** True if `agentId` leads the room. */
  isLeader(roomId: string, agentId: string): boolean {
    return this.leaders.get(roomId) === agentId;
  }

  /** The room's leader, if any. */
  leaderOf(roomId: string): string | undefined {
    return this.leaders.get(roomId);
  }

  /** On disconnect: clears every leadership `agentId` holds, with `leader_cleared` `"leader left"`. */
  clearLeaderships(agentId: string): void {
    for (const [roomId, leader] of [...this.leaders]) {
      if (leader !== agentId) continue;
      this.leaders.delete(roomId);
      this.broker.emit(roomId, 'leader_cleared', { room_id: roomId, reason: 'leader left' });
    }
  }

  /** Drops the state of a destroyed room. */
  forgetRoom(roomId: string): void {
    this.active.delete(roomId);
    this.leaders.delete(roomId);
  }

  private finish(roomId: string): void {
    const election = this.active.get(roomId);
    if (!election) return;
    this.active.delete(roomId);
    const remaining = election.candidates.filter((id) => !election.declined.has(id) && this.agents.get(id) !== undefined);
    if (remaining.length === 0) {
      this.broker.emit(roomId, 'leader_cleared', { room_id: roomId, reason: 'all candidates declined' });
      return;
    }
    const leaderId = remaining[randomInt(remaining.length)];
    const leaderName = this.agents.get(leaderId)?.name ?? leaderId;
    this.leaders.set(roomId, leaderId);
    this.logger.debug({ roomId, leaderId }, 'clawchat: leader elected');
    this.broker.emit(roomId, 'leader_elected', { room_id: roomId, leader_id: leaderId, leader_name: leaderName });
  }
}
