import { z } from 'zod';
import { defineEvent, EventParamsSchema } from './event-base.js';

/** One option's count in a closed vote (ClawChat vote_result `tally`). */
export const TallyEntrySchema = z.looseObject({
  optionIndex: z.number().int().nonnegative(),
  optionText: z.string(),
  count: z.number().int().nonnegative(),
});

/** One revealed ballot (ClawChat vote_result `ballots`). */
export const BallotSchema = z.looseObject({
  agentId: z.string(),
  agentName: z.string(),
  optionIndex: z.number().int().nonnegative(),
});

/** The sealed vote closed: options, tally and the ballots after reveal. */
export const VoteClosedSchema = defineEvent('vote_closed', {
  voteId: z.string().min(1),
  /** Option texts in index order (e.g. "keep current config", "option 1: half_spread_base: 0.025 → 0.03"). */
  options: z.array(z.string()),
  tally: z.array(TallyEntrySchema),
  ballots: z.array(BallotSchema),
});

/** A leader was elected (ClawChat leader_elected). */
export const LeaderElectedSchema = defineEvent('leader_elected', {
  leaderId: z.string().min(1),
  leaderName: z.string().min(1),
});

/** The leader's decision: which option, its changes (empty = keep), and why. */
export const DecisionMadeSchema = defineEvent('decision_made', {
  /** Agent id of the decider (the leader, or the conductor on fallback). */
  by: z.string().min(1),
  /** Display name of the decider. */
  byName: z.string().optional(),
  /** Chosen vote option index. */
  option: z.number().int().nonnegative(),
  changes: EventParamsSchema,
  rationale: z.string(),
});
