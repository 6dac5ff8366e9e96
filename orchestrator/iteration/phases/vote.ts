import type { ConductorContext, IterationState } from '../iteration-state.js';
import type { OptionsMetadata } from '../room-messages.js';

/** How often the conductor asks the server how many ballots are in, ms (ballots are sealed: no event says one was cast). */
const POLL_MS = 20;

/**
 * Phase 4, vote: a sealed ClawChat vote over "keep current config" plus every valid proposal.
 * The conductor posts the options (with their change sets, kind `options`), creates the vote
 * with the vote deadline as its duration, and waits until every live voter (the tuners; in a
 * review iteration, the reviewers) has voted or the
 * deadline. The conductor is a room member and so an eligible voter (ClawChat: eligible =
 * members at creation); once the agents are done it casts the closing ballot for option 0 so the
 * server closes the vote and reveals the ballots. That ballot is recorded separately and never
 * counted: only the agents' ballots decide.
 *
 * Skipped (no vote, no election) when no valid change was proposed: the decision is then
 * "keep current config" by the conductor.
 */
export async function votePhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const { client } = ctx;
  const roomId = it.roomId!;
  // The brief's vote deadline is the latest; when proposing ended early, voting gets voteMs from now.
  const deadline = Math.min(Date.parse(it.brief!.deadlines.vote), Date.now() + ctx.settings.deadlines.voteMs);
  const title = it.kind === 'review' ? `${it.id}: which action?` : `${it.id}: which config runs next?`;
  const options: OptionsMetadata = { kind: 'options', voteTitle: title, options: it.options };
  await client.sendMessage({
    room_id: roomId,
    content: `Vote options:\n${it.options.map((o) => `${o.index}. ${o.label}${o.proposedBy.length ? ` (proposed by ${o.proposedBy.join(', ')})` : ''}`).join('\n')}`,
    metadata: options,
  });
  const vote = await client.createVote({
    room_id: roomId,
    title,
    description: 'Sealed vote over the valid proposals; option 0 keeps the current config.',
    options: it.options.map((o) => o.label),
    duration_secs: Math.max(1, Math.ceil((deadline - Date.now()) / 1000)),
  });
  it.voteId = vote.vote_id;

  const closed = (): boolean => it.monitor!.find('vote_result', (e) => e.payload.vote_id === vote.vote_id) !== undefined;
  let deadlineHit = false;
  for (;;) {
    if (it.signal?.aborted) throw it.signal.reason;
    if (closed()) break;
    const status = await client.getVoteStatus(vote.vote_id);
    if (status.status === 'closed') break;
    // The voters: the tuners of a tune iteration, every agent of a review (its team are reviewers).
    const voters = it.team!.live().filter((m) => it.kind === 'review' || m.spec.role === 'tuner').length;
    if (status.votes_cast >= voters) {
      try {
        await client.castVote(vote.vote_id, 0);
        it.conductorBallot = 0;
      } catch {
        // closed at its deadline in the meantime: the result is on its way
      }
      break;
    }
    if (Date.now() >= deadline + 2_000) {
      deadlineHit = true;
      break;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const result = await client.waitFor('vote_result', { includeRecent: true, timeoutMs: 5_000, predicate: (e) => e.payload.vote_id === vote.vote_id });
  it.voteResult = result.payload;
  const conductorId = client.agentId;
  const ballots = result.payload.ballots.filter((b) => b.agent_id !== conductorId);
  const counts = it.options.map((o) => ballots.filter((b) => b.option_index === o.index).length);
  await ctx.runLog.append({
    type: 'vote_closed',
    iterationId: it.id,
    voteId: vote.vote_id,
    options: it.options.map((o) => o.label),
    tally: it.options.map((o, i) => ({ optionIndex: o.index, optionText: o.label, count: counts[i] ?? 0 })),
    ballots: ballots.map((b) => ({ agentId: b.agent_id, agentName: b.agent_name, optionIndex: b.option_index })),
    conductorBallot: it.conductorBallot,
  } as Parameters<typeof ctx.runLog.append>[0]);
  await it.clock.end(deadlineHit);
}

/** Options with the most agent ballots (the conductor's closing ballot excluded); [] when no agent voted. */
export function topVotedOptions(it: IterationState, conductorId: string): number[] {
  if (!it.voteResult) return [];
  const counts = new Map<number, number>();
  for (const b of it.voteResult.ballots) if (b.agent_id !== conductorId) counts.set(b.option_index, (counts.get(b.option_index) ?? 0) + 1);
  const max = Math.max(0, ...counts.values());
  if (max === 0) return [];
  return [...counts.entries()].filter(([, c]) => c === max).map(([i]) => i).sort((a, b) => a - b);
}
