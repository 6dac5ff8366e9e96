import { randomUUID } from 'node:crypto';
import { ClawChatError } from '../../errors/clawchat-error.js';
import { eventLine, voteInfoWire } from '../wire.js';
import { memberRoom, readableRoom } from './access.js';
import { ok, type CommandHandler } from './handler.js';

/**
 * `create_vote` → VoteInfo (`open`). Member only; at least two options. Eligible voters are the
 * room's members now. `vote_created` to all members, the creator's copy before the reply.
 */
export const createVote: CommandHandler<'create_vote'> = (ctx, caller, p) => {
  const room = memberRoom(ctx, caller, p.room_id, 'Must be in room to create a vote');
  if (p.options.length < 2) throw new ClawChatError('invalid_payload', 'Need at least 2 options');
  const vote = ctx.votes.create({
    voteId: randomUUID(),
    room,
    title: p.title,
    description: p.description ?? null,
    options: p.options,
    createdBy: caller.agentId,
    durationSecs: p.duration_secs ?? null,
    eligible: ctx.members.list(room.roomId),
  });
  const info = voteInfoWire(vote);
  ctx.broker.broadcast(room.roomId, eventLine('vote_created', info));
  return ok(info);
};

/**
 * `cast_vote` → `{vote_id, votes_cast, eligible_voters}`. Errors: `vote_not_found`,
 * `vote_closed`, `not_in_room` (not a member now), `invalid_option`, `access_denied` (not
 * eligible), `already_voted`. The closing ballot's `vote_result` precedes the reply.
 */
export const castVote: CommandHandler<'cast_vote'> = (ctx, caller, p) => {
  const vote = ctx.votes.find(p.vote_id);
  if (!vote) throw new ClawChatError('vote_not_found', 'Vote not found');
  if (vote.status === 'closed') throw new ClawChatError('vote_closed', 'Vote has already been closed');
  if (!ctx.members.has(vote.roomId, caller.agentId)) throw new ClawChatError('not_in_room', 'Must be in the vote\'s room');
  if (p.option_index >= vote.options.length) throw new ClawChatError('invalid_option', 'Invalid option index');
  if (!vote.eligible.includes(caller.agentId)) throw new ClawChatError('access_denied', 'Not eligible: joined after the vote was created');
  if (vote.ballots.some((b) => b.agentId === caller.agentId)) throw new ClawChatError('already_voted', 'Already voted');
  ctx.votes.cast(vote, { agentId: caller.agentId, agentName: caller.name, optionIndex: p.option_index });
  return ok({ vote_id: vote.voteId, votes_cast: vote.ballots.length, eligible_voters: vote.eligible.length });
};

/** `get_vote_status` → VoteInfo; counts only while open, `tally` once closed. */
export const getVoteStatus: CommandHandler<'get_vote_status'> = (ctx, caller, p) => {
  const vote = ctx.votes.find(p.vote_id);
  if (!vote) throw new ClawChatError('vote_not_found', 'Vote not found');
  readableRoom(ctx, caller, vote.roomId);
  return ok(voteInfoWire(vote));
};

/** `list_votes` → `{room_id, votes}`, newest first, at most `limit` (default 20). */
export const listVotes: CommandHandler<'list_votes'> = (ctx, caller, p) => {
  readableRoom(ctx, caller, p.room_id);
  return ok({ room_id: p.room_id, votes: ctx.votes.list(p.room_id, p.limit).map(voteInfoWire) });
};
