import type Database from 'better-sqlite3';
import type { Row } from './database.js';
import type { BallotRecord, VoteRecord } from './records.js';

/** Votes of persistent rooms with their electorate and ballots (`votes`, `vote_eligible_agents`, `vote_ballots`). */
export class VoteRows {
  private readonly stmts;
  private readonly insertTx: (vote: VoteRecord) => void;

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO votes (vote_id, room_id, title, description, options, created_by, created_at, closes_at, status, eligible_voters)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
      ),
      insertEligible: db.prepare('INSERT INTO vote_eligible_agents (vote_id, position, agent_id) VALUES (?, ?, ?)'),
      insertBallot: db.prepare('INSERT INTO vote_ballots (vote_id, agent_id, agent_name, option_index, cast_at) VALUES (?, ?, ?, ?, ?)'),
      close: db.prepare("UPDATE votes SET status = 'closed' WHERE vote_id = ?"),
      get: db.prepare('SELECT * FROM votes WHERE vote_id = ?'),
      open: db.prepare("SELECT * FROM votes WHERE status = 'open' ORDER BY created_at"),
      list: db.prepare('SELECT * FROM votes WHERE room_id = ? ORDER BY created_at DESC, vote_id DESC LIMIT ?'),
      ballots: db.prepare('SELECT agent_id, agent_name, option_index FROM vote_ballots WHERE vote_id = ? ORDER BY rowid'),
      eligible: db.prepare('SELECT agent_id FROM vote_eligible_agents WHERE vote_id = ? ORDER BY position').pluck(),
    };
    this.insertTx = db.transaction((vote: VoteRecord) => {
      this.stmts.insert.run(
        vote.voteId,
        vote.roomId,
        vote.title,
        vote.description,
        JSON.stringify(vote.options),
        vote.createdBy,
        vote.createdAt,
        vote.closesAt,
        vote.eligible.length,
      );
      vote.eligible.forEach((agentId, i) => this.stmts.insertEligible.run(vote.voteId, i, agentId));
    });
  }

  /** Stores a new open vote with its electorate. */
  insert(vote: VoteRecord): void {
    this.insertTx(vote);
  }

  /** Stores one ballot. */
  insertBallot(voteId: string, ballot: BallotRecord, castAt: string): void {
    this.stmts.insertBallot.run(voteId, ballot.agentId, ballot.agentName, ballot.optionIndex, castAt);
  }

  /** Marks a vote closed. */
  close(voteId: string): void {
    this.stmts.close.run(voteId);
  }

  /** A stored vote with ballots and electorate. */
  get(voteId: string): VoteRecord | undefined {
    const row = this.stmts.get.get(voteId) as Row | undefined;
    return row ? this.toVote(row) : undefined;
  }

  /** Every stored open vote (restored on start). */
  open(): VoteRecord[] {
    return (this.stmts.open.all() as Row[]).map((r) => this.toVote(r));
  }

  /** The room's stored votes, newest first. */
  list(roomId: string, limit: number): VoteRecord[] {
    return (this.stmts.list.all(roomId, limit) as Row[]).map((r) => this.toVote(r));
  }

  private toVote(r: Row): VoteRecord {
    const voteId = r.vote_id as string;
    return {
      voteId,
      roomId: r.room_id as string,
      title: r.title as string,
      description: (r.description as string | null) ?? null,
      options: JSON.parse(r.options as string) as string[],
      createdBy: r.created_by as string,
      createdAt: r.created_at as string,
      closesAt: (r.closes_at as string | null) ?? null,
      status: r.status === 'closed' ? 'closed' : 'open',
      eligible: this.stmts.eligible.all(voteId) as string[],
      ballots: (this.stmts.ballots.all(voteId) as Row[]).map((b) => ({
        agentId: b.agent_id as string,
        agentName: b.agent_name as string,
        optionIndex: b.option_index as number,
      })),
      ephemeral: false,
    };
  }
}
