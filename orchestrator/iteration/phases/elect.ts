import type { ConductorContext, IterationState } from '../iteration-state.js';

/**
 * Phase 5, elect: a ClawChat leader election in the iteration room. The conductor starts it
 * and declines at once (it is a member, hence a candidate, but never leads); after the server's
 * opt-out window (2 s) a leader is drawn at random among the agents. All declined or nobody
 * left: no leader, and the decide phase falls back to the conductor's rule.
 */
export async function electPhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const { client } = ctx;
  const roomId = it.roomId!;
  const started = Date.now();
  await client.electLeader(roomId);
  await client.declineElection(roomId);
  const monitor = it.monitor!;
  const settled = (): boolean => monitor.find('leader_elected') !== undefined || monitor.find('leader_cleared') !== undefined;
  const ok = await monitor.until(settled, started + ctx.electionOptOutMs + 5_000, it.signal);
  const elected = monitor.find('leader_elected');
  if (elected) {
    it.leader = { id: elected.payload.leader_id, name: elected.payload.leader_name };
    await ctx.runLog.append({ type: 'leader_elected', iterationId: it.id, leaderId: it.leader.id, leaderName: it.leader.name });
  }
  await it.clock.end(!ok);
}
