import type { Logger } from 'pino';
import type { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import { OptionsMetadataSchema, type DecisionMetadata, type VoteOption } from '../../orchestrator/iteration/room-messages.js';
import { actionKey } from '../../orchestrator/review/review-actions.js';
import type { ActionProposalMetadata } from '../../orchestrator/review/review-messages.js';
import type { LocalAgentConfig } from './config.js';
import { actionRank, reviewPlan } from './review-rules.js';
import { IterationOver, remaining, RoomSession, topVoted } from './room-session.js';

/** What a reviewer needs. */
export interface ReviewerDeps {
  client: ClawChatClient;
  config: LocalAgentConfig;
  logger: Logger;
}

/**
 * The local reviewer's whole review iteration: read the brief → apply the deterministic review
 * rules (review-rules.ts) → post each finding (metadata kind `finding`) and one action proposal
 * (`action_proposal`) → vote for the option carrying its action (else option 0) → if elected
 * leader, decide among the top-voted options (its own action first, then revert, freeze, unfreeze,
 * keep) → wait for the conductor's result.
 *
 * @throws Error when the brief never comes, is invalid or is not a review brief, or the iteration
 *   outlives its deadlines.
 */
export async function runReviewer({ client, config, logger }: ReviewerDeps): Promise<void> {
  const session = await RoomSession.open(client, config.chat.roomId);
  try {
    const { brief, conductorId, step, over } = await session.readBrief();
    if (brief.iterationKind !== 'review') throw new Error('the local reviewer takes part in review iterations only (a tune team needs tuners)');
    try {
      const plan = reviewPlan(brief);
      for (const f of plan.findings) await client.sendMessage({ room_id: session.roomId, content: `finding: ${f.text}`, metadata: f });
      const proposal: ActionProposalMetadata = { kind: 'action_proposal', action: plan.action, rationale: plan.rationale };
      await client.sendMessage({ room_id: session.roomId, content: `action: ${plan.action.kind}${'commit' in plan.action ? ` ${plan.action.commit.slice(0, 7)}` : ''}${'param' in plan.action ? ` ${plan.action.param}` : ''} — ${plan.rationale}`, metadata: proposal });
      logger.info({ findings: plan.findings.length, action: plan.action }, 'findings and action posted');

      const optionsMsg = await step(session.first('options', remaining(brief.deadlines.vote, 10_000), (m) => m.agent_id === conductorId));
      const options = OptionsMetadataSchema.parse(optionsMsg.metadata).options;
      const created = await step(client.waitFor('vote_created', { includeRecent: true, timeoutMs: 10_000, predicate: (e) => e.payload.room_id === session.roomId }));
      const mine = options.find((o) => o.action !== undefined && actionKey(o.action) === actionKey(plan.action))?.index ?? 0;
      try {
        await client.castVote(created.payload.vote_id, mine);
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'ballot refused');
      }
      const elected = await step(client.waitFor('leader_elected', { includeRecent: true, timeoutMs: remaining(brief.deadlines.decide, 15_000), predicate: (e) => e.payload.room_id === session.roomId }));
      if (elected.payload.leader_id === client.agentId) {
        const result = await step(client.waitFor('vote_result', { includeRecent: true, timeoutMs: 5_000, predicate: (e) => e.payload.vote_id === created.payload.vote_id }));
        const top = topVoted(result.payload, conductorId);
        const pick = pickAction(top, options, mine);
        const decision: DecisionMetadata = { kind: 'decision', option: pick, rationale: top.length > 1 ? `options ${top.join(', ')} tied; option ${pick} is the most protective` : `option ${pick} has the most votes` };
        await client.decision({ room_id: session.roomId, content: `decision: option ${pick} — ${options[pick]?.label ?? 'keep'}`, metadata: decision });
      }
      await over;
    } catch (err) {
      if (!(err instanceof IterationOver)) throw err;
    }
  } finally {
    session.close();
  }
}

/** The leader's pick among the top-voted options: its own, else by {@link actionRank}, else the lowest index; option 0 without ballots. */
export function pickAction(top: readonly number[], options: readonly VoteOption[], mine: number): number {
  if (top.length === 0) return 0;
  if (top.includes(mine)) return mine;
  return [...top].sort((a, b) => actionRank(options[a]?.action) - actionRank(options[b]?.action) || a - b)[0]!;
}
