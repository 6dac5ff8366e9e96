import type { ConductorContext, Decision, IterationState } from '../iteration-state.js';
import { DecisionMetadataSchema } from '../room-messages.js';
import { IterationStop } from '../iteration-errors.js';
import { topVotedOptions } from './vote.js';

/**
 * Phase 6, decide: the leader issues the decision with a ClawChat `decision` frame whose metadata
 * names the option ({@link DecisionMetadataSchema}). The conductor accepts only one of the
 * top-voted options (ties are the leader's to break); a decision naming another option, or
 * malformed, stops the iteration as `rejected` with the reason and nothing changes.
 *
 * Fallback, recorded as decided by the conductor: no leader (all declined, or nobody left), the
 * leader exited, or no decision by the deadline → the unique top-voted option, else (a tie or no
 * ballots) "keep current config". Also when no valid change was proposed (no vote was held).
 */
export async function decidePhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const conductorId = ctx.client.agentId;
  const top = topVotedOptions(it, conductorId);
  let deadlineHit = false;
  let decision: Decision | null = null;

  if (it.options.length < 2) {
    decision = fallback(ctx, it, top, 'no valid change was proposed');
  } else if (!it.leader) {
    decision = fallback(ctx, it, top, 'no leader was elected');
  } else {
    const leader = it.leader;
    const leaderMember = it.team!.byAgentId(leader.id);
    const deadline = Math.min(Date.parse(it.brief!.deadlines.decide), Date.now() + ctx.settings.deadlines.decideMs);
    const got = () => it.monitor!.find('decision_made', (e) => e.payload.leader_id === leader.id);
    const arrived = await it.monitor!.until(() => got() !== undefined || leaderMember?.exit != null, deadline, it.signal);
    const event = got();
    if (!event) {
      deadlineHit = !arrived;
      decision = fallback(ctx, it, top, leaderMember?.exit ? `the leader ${leader.name} exited without deciding` : `the leader ${leader.name} did not decide by the deadline`);
    } else {
      const parsed = DecisionMetadataSchema.safeParse(event.payload.metadata);
      const allowed = top.length > 0 ? top : [0];
      if (!parsed.success) {
        await it.clock.end(false);
        throw new IterationStop('rejected', `the leader's decision is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'metadata'}: ${i.message}`).join('; ')}`);
      }
      if (!allowed.includes(parsed.data.option)) {
        await it.clock.end(false);
        throw new IterationStop('rejected', `the leader chose option ${parsed.data.option}, which is not among the top-voted options (${allowed.join(', ')})`);
      }
      const option = it.options[parsed.data.option]!;
      decision = { option: option.index, changes: option.changes, by: leader.id, byName: leader.name, rationale: parsed.data.rationale, fallback: false };
    }
  }
  it.decision = decision;
  await ctx.runLog.append({
    type: 'decision_made',
    iterationId: it.id,
    by: decision.by,
    byName: decision.byName,
    option: decision.option,
    changes: decision.changes,
    rationale: decision.rationale,
  });
  await it.clock.end(deadlineHit);
}

function fallback(ctx: ConductorContext, it: IterationState, top: number[], why: string): Decision {
  const option = top.length === 1 ? (top[0] as number) : 0;
  const rule = top.length === 1 ? `the only top-voted option is ${option}` : top.length > 1 ? `options ${top.join(', ')} tie, so the current config stays` : 'no ballots, so the current config stays';
  return {
    option,
    changes: it.options[option]?.changes ?? {},
    by: ctx.client.agentId,
    byName: 'conductor',
    rationale: `conductor fallback: ${why}; ${rule}`,
    fallback: true,
  };
}
