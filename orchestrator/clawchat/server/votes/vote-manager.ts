import type { Logger } from '../../../logging/logger.js';
import type { Broker } from '../broker/broker.js';
import type { BallotRecord, RoomRecord, VoteRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { TimerSet } from '../timer-set.js';
import { eventLine, nowIso, voteResultWire } from '../wire.js';

/** Input of {@link VoteManager.create}. */
export interface NewVote {
  voteId: string;
  room: RoomRecord;
  title: string;
  description: string | null;
  options: string[];
  createdBy: string;
  /** Deadline in seconds from now; null = open until every eligible member voted. */
  durationSecs: number | null;
  /** The room's members now, in join order. */
  eligible: string[];
}

/**
 * Sealed-ballot votes (`voting.rs`). A vote closes when every eligible agent (the room's
 * members at creation) has voted, or when its deadline passes; then `vote_result` (tally and
 * ballots revealed) goes to the room's current members. Votes of persistent rooms, ballots
 * included, are stored and open ones are restored with their deadlines on restart; votes of
 * ephemeral rooms live in memory.
 */
export class VoteManager {
  private readonly open = new Map<string, VoteRecord>();
  private readonly deadlines = new Map<string, NodeJS.Timeout>();
  private readonly closedEphemeral = new Map<string, VoteRecord>();

  constructor(
    private readonly store: Store,
    private readonly broker: Broker,
    private readonly timers: TimerSet,
    private readonly logger: Logger,
  ) {}

  /** Restores the store's open votes and re-arms their deadlines (a passed one closes at once). */
  restore(): void {
    for (const vote of this.store.votes.open()) {
      this.open.set(vote.voteId, vote);
      if (vote.eligible.length > 0 && vote.ballots.length >= vote.eligible.length) {
        this.close(vote.voteId);
        continue;
      }
      if (vote.closesAt) this.armDeadline(vote.voteId, Date.parse(vote.closesAt) - Date.now());
    }
  }

  /** Opens a vote (stored if its room is persistent) and arms its deadline. */
  create(input: NewVote): VoteRecord {
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    const vote: VoteRecord = {
      voteId: input.voteId,
      roomId: input.room.roomId,
      title: input.title,
      description: input.description,
      options: input.options,
      createdBy: input.createdBy,
      createdAt,
      closesAt: input.durationSecs == null ? null : new Date(now + input.durationSecs * 1000).toISOString(),
      status: 'open',
      eligible: input.eligible,
      ballots: [],
      ephemeral: input.room.ephemeral,
    };
    if (!vote.ephemeral) this.store.votes.insert(vote);
    this.open.set(vote.voteId, vote);
    if (input.durationSecs != null) this.armDeadline(vote.voteId, input.durationSecs * 1000);
    return vote;
  }

  /** A vote by id: open, closed in memory, or closed in the store. */
  find(voteId: string): VoteRecord | undefined {
    return this.open.get(voteId) ?? this.closedEphemeral.get(voteId) ?? this.store.votes.get(voteId);
  }

  /**
   * Records a ballot the caller has checked (open vote, eligible, not yet voted, valid option)
   * and closes the vote when everyone eligible has voted — `vote_result` is then queued for the
   * members before the caller's reply.
   */
  cast(vote: VoteRecord, ballot: BallotRecord): void {
    if (!vote.ephemeral) this.store.votes.insertBallot(vote.voteId, ballot, nowIso());
    vote.ballots.push(ballot);
    if (vote.ballots.length >= vote.eligible.length) this.close(vote.voteId);
  }

  /** The room's votes, newest first, at most `limit`. */
  list(roomId: string, limit: number): VoteRecord[] {
    const seen = new Set<string>();
    const votes: VoteRecord[] = [];
    for (const v of [...this.open.values(), ...this.closedEphemeral.values()]) {
      if (v.roomId !== roomId) continue;
      seen.add(v.voteId);
      votes.push(v);
    }
    for (const v of this.store.votes.list(roomId, limit)) if (!seen.has(v.voteId)) votes.push(v);
    votes.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    return votes.slice(0, limit);
  }

  /** Drops the votes of a destroyed ephemeral room. */
  forgetRoom(roomId: string): void {
    for (const [id, v] of this.open) {
      if (v.roomId !== roomId) continue;
      this.timers.clear(this.deadlines.get(id));
      this.deadlines.delete(id);
      this.open.delete(id);
    }
    for (const [id, v] of this.closedEphemeral) if (v.roomId === roomId) this.closedEphemeral.delete(id);
  }

  private armDeadline(voteId: string, ms: number): void {
    this.deadlines.set(
      voteId,
      this.timers.timeout(() => this.close(voteId), ms),
    );
  }

  private close(voteId: string): void {
    const vote = this.open.get(voteId);
    if (!vote) return;
    this.open.delete(voteId);
    this.timers.clear(this.deadlines.get(voteId));
    this.deadlines.delete(voteId);
    vote.status = 'closed';
    if (vote.ephemeral) this.closedEphemeral.set(voteId, vote);
    else {
      try {
        this.store.votes.close(voteId);
      } catch (err) {
        this.logger.error({ err, voteId }, 'clawchat: could not store closed vote');
      }
    }
    this.broker.broadcast(vote.roomId, eventLine('vote_result', voteResultWire(vote)));
  }
}
