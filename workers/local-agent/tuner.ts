import type { Logger } from 'pino';
import type { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import type { ChatMessage } from '../../orchestrator/clawchat/protocol/index.js';
import {
  OptionsMetadataSchema,
  type BriefMetadata,
  type DecisionMetadata,
  type ProposalMetadata,
  type VoteOption,
} from '../../orchestrator/iteration/room-messages.js';
import type { Params } from '../../orchestrator/target/evaluate-protocol.js';
import { loadAgentTarget } from './agent-target.js';
import { EvaluateRunner } from '../../orchestrator/target/evaluate/evaluate-runner.js';
import { tunableParams } from '../../orchestrator/target/space/param-space.js';
import { limitSpace } from '../../orchestrator/safety/step-limits/step-limits.js';
import { mulberry32 } from '../../orchestrator/target/space/prng.js';
import type { LocalAgentConfig } from './config.js';
import { heuristicByName } from './heuristics/index.js';
import { describeChanges } from './heuristics/candidates.js';
import { IterationOver, remaining, RoomSession, topVoted } from './room-session.js';
import { InSampleScorer } from './scorer.js';

/** What a tuner needs. */
export interface TunerDeps {
  client: ClawChatClient;
  config: LocalAgentConfig;
  logger: Logger;
  /** Aborted when the process is told to stop (SIGTERM). */
  signal: AbortSignal;
}

/**
 * The local tuner's whole iteration, as DESIGN.md's phases see it from an agent:
 * read the brief → search in-sample with its heuristic → post one proposal → score the vote
 * options in-sample and cast a ballot for the best → if elected leader, decide among the
 * top-voted options (ties broken by its own in-sample score) → wait for the conductor's result.
 *
 * @returns when the conductor posts the iteration's result.
 * @throws Error when the brief never comes or is invalid, or the iteration outlives its deadlines.
 */
export async function runTuner({ client, config, logger, signal }: TunerDeps): Promise<void> {
  // Load the target (evaluate command, compiled space) while the room history arrives.
  const targetLoaded = loadAgentTarget(config.target);
  targetLoaded.catch(() => undefined);
  const session = await RoomSession.open(client, config.chat.roomId);
  try {
    const { brief, conductorId, step, over } = await session.readBrief();

    const target = await targetLoaded;
    const scorer = new InSampleScorer({
      runner: EvaluateRunner.forTarget(target),
      inSample: brief.inSample,
      metric: brief.objective.metric,
      direction: brief.objective.direction,
      signal,
    });
    // The space as this iteration allows it: frozen parameters out, maxChange tightened to the relative step limit.
    const space = brief.stepLimits ? limitSpace(target.space, brief.stepLimits, brief.params) : target.space;
    const tunable = tunableParams(space).filter((n) => brief.space[n] !== undefined && brief.space[n]?.frozen !== true);
    const rng = mulberry32(config.seed);
    const score = (c: readonly Params[]) => scorer.score(c);

    try {
      // propose
      const draft = await step(heuristicByName(config.heuristic)({ brief, space, tunable, score, rng }));
      const metadata: ProposalMetadata = {
        kind: 'proposal',
        changes: draft.changes,
        hypothesis: draft.hypothesis,
        evidence: { inSampleScore: draft.inSampleScore, baselineScore: draft.baselineScore, candidatesEvaluated: scorer.evaluated, evalMs: scorer.evalMs },
      };
      await client.sendMessage({ room_id: session.roomId, content: `proposal: ${describeChanges(brief.params, draft.changes)}. ${draft.hypothesis}`, metadata });
      logger.info({ changes: draft.changes, evaluated: scorer.evaluated, evalMs: scorer.evalMs }, 'proposal posted');

      // vote
      const optionsMsg = await step(session.first('options', remaining(brief.deadlines.vote, 10_000), (m) => m.agent_id === conductorId));
      const options = OptionsMetadataSchema.parse(optionsMsg.metadata);
      const created = await step(
        client.waitFor('vote_created', { includeRecent: true, timeoutMs: 10_000, predicate: (e) => e.payload.room_id === session.roomId }),
      );
      const optionScores = await step(score(options.options.map((o) => ({ ...brief.params, ...o.changes }))));
      const choice = bestOption(options.options, optionScores);
      try {
        await client.castVote(created.payload.vote_id, choice);
        logger.info({ option: choice }, 'ballot cast');
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'ballot refused');
      }

      // elect + decide
      const elected = await step(
        client.waitFor('leader_elected', { includeRecent: true, timeoutMs: remaining(brief.deadlines.decide, 15_000), predicate: (e) => e.payload.room_id === session.roomId }),
      );
      if (elected.payload.leader_id === client.agentId) {
        const result = await step(
          client.waitFor('vote_result', { includeRecent: true, timeoutMs: 5_000, predicate: (e) => e.payload.vote_id === created.payload.vote_id }),
        );
        const top = topVoted(result.payload, conductorId);
        const pick = top.length > 0 ? top.reduce((a, b) => ((optionScores[b] ?? -Infinity) > (optionScores[a] ?? -Infinity) ? b : a)) : 0;
        const chosen = options.options[pick] as VoteOption;
        const decision: DecisionMetadata = {
          kind: 'decision',
          option: pick,
          rationale:
            top.length > 1
              ? `options ${top.join(', ')} tied on votes; option ${pick} scores best in-sample`
              : `option ${pick} has the most votes`,
        };
        await client.decision({ room_id: session.roomId, content: `decision: option ${pick} — ${chosen.label}`, metadata: decision });
        logger.info({ option: pick }, 'decision issued');
      }
      await over;
    } catch (err) {
      if (!(err instanceof IterationOver)) throw err;
    }
  } finally {
    session.close();
  }
}

/** Option with the highest in-sample score; ties go to the lowest index (option 0 = keep). */
function bestOption(options: readonly VoteOption[], scores: readonly number[]): number {
  let best = 0;
  options.forEach((o, i) => {
    if ((scores[i] ?? -Infinity) > (scores[best] ?? -Infinity)) best = i;
  });
  return options[best]?.index ?? 0;
}

export type { BriefMetadata, ChatMessage };
