import { z } from 'zod';
import { ParamsSchema, WindowRangeSchema } from '../target/evaluate-protocol.js';

/**
 * itercrew's coordination vocabulary on top of ClawChat: the `metadata` of the chat messages the
 * conductor and the agents exchange in an iteration room. Every message itercrew cares about has
 * `metadata.kind`; the human-readable `content` says the same thing in words.
 *
 * Review iterations use `finding` and `action_proposal` instead of `proposal` (answered with
 * `action_ack` / `action_rejected`): orchestrator/review/review-messages.ts.
 *
 * Flow of a tune iteration (DESIGN.md "One tune iteration"):
 * conductor `brief` → each tuner `proposal` → conductor `proposal_ack` ("option k") or
 * `proposal_rejected` ("rejected: why") → conductor `options` then a ClawChat vote → ClawChat
 * election → the leader's ClawChat `decision` with {@link DecisionMetadataSchema} → conductor
 * `result` (and `send --end` style `conversation_end` so waiting agents stop).
 *
 * Bad agent output never crashes the conductor: anything that does not parse is answered with a
 * `proposal_rejected` (for proposals) or ignored and logged (other kinds).
 */

/** Phase deadlines as absolute ISO timestamps, so every agent sees the same clock. */
export const DeadlinesSchema = z.object({
  propose: z.string(),
  vote: z.string(),
  decide: z.string(),
});
export type Deadlines = z.infer<typeof DeadlinesSchema>;

/** One tunable parameter as agents see it in the brief (a copy of the target's space entry). */
export const BriefParamSchema = z.object({
  type: z.enum(['float', 'int', 'enum', 'bool']),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  maxChange: z.number().optional(),
  values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  description: z.string().optional(),
  unit: z.string().optional(),
  frozen: z.boolean().optional(),
});

/** A past iteration as summarised in the brief. */
export const BriefHistoryEntrySchema = z.object({
  n: z.number().int(),
  iterationId: z.string(),
  kind: z.string(),
  status: z.string(),
  diff: z.string(),
  pnl: z.number().nullable(),
  baselinePnl: z.number().nullable().optional(),
  commit: z.string().nullable(),
  params: ParamsSchema.nullable().optional(),
  /**
   * What the safety checks said, e.g. `no_effect:sigma` (dead-parameter probe),
   * `discarded_by_gate`, `guardrail:maxPairCost`, `live_regression`, `reverted_by_review`.
   */
  flags: z.array(z.string()).optional(),
  /** The commit whose config was in force during the measured segment (what "revert to commit X" restores). */
  configCommit: z.string().nullable().optional(),
  /** The acceptance gate's verdict: kept or not, and why. */
  gate: z.object({ kept: z.boolean(), reason: z.string() }).optional(),
});
export type BriefHistoryEntry = z.infer<typeof BriefHistoryEntrySchema>;

/** A frozen parameter and who froze it (settings, the target definition, a review iteration). */
export const FrozenParamSchema = z.object({ param: z.string(), by: z.string() });

/** Step limits on top of the space (orchestrator/safety/step-limits): proposals beyond them are rejected with the reason. */
export const StepLimitsSchema = z.object({
  /** Largest change of a numeric parameter relative to its current value (0.25 = ±25 %; relative to its range when it is 0). */
  maxRelativeChange: z.number().positive().optional(),
  /** Parameters no proposal may change (also marked `frozen: true` in the brief's space). */
  frozen: z.array(FrozenParamSchema),
});

/** A config a review iteration may revert to: a commit from the history, with what it earned. */
export const ReviewCommitSchema = z.object({
  commit: z.string(),
  params: ParamsSchema,
  /** Iterations (numbers) measured with this config, and their holdout PnL. */
  iterations: z.array(z.number().int()),
  pnl: z.array(z.number()),
  meanPnl: z.number().nullable(),
  /** True for the config in force. */
  current: z.boolean(),
});

/** What a review iteration's brief adds: the configs seen in the reviewed iterations and the actions agents may propose. */
export const ReviewBriefSchema = z.object({
  /** Distinct configs of the reviewed iterations, oldest first. */
  commits: z.array(ReviewCommitSchema),
  /** Action kinds: keep, no_action, revert (to a commit), freeze / unfreeze (a parameter). */
  actions: z.array(z.string()),
});
export type ReviewBrief = z.infer<typeof ReviewBriefSchema>;

/** `brief`: posted by the conductor first in every iteration room. */
export const BriefMetadataSchema = z.object({
  kind: z.literal('brief'),
  iterationId: z.string(),
  n: z.number().int(),
  iterationKind: z.enum(['tune', 'review']),
  target: z.string(),
  /** Current params (the config in force, at `commit`). */
  params: ParamsSchema,
  commit: z.string(),
  space: z.record(z.string(), BriefParamSchema),
  invariants: z.array(z.object({ name: z.string(), expr: z.string() })),
  /** Windows agents may evaluate (before the live segment). */
  inSample: WindowRangeSchema,
  objective: z.object({ metric: z.string(), direction: z.enum(['maximise', 'minimise']) }),
  /** Last K iterations, newest last. */
  history: z.array(BriefHistoryEntrySchema),
  deadlines: DeadlinesSchema,
  /** Max parameters one proposal may change (attribution). */
  maxChangedParams: z.number().int().positive(),
  /** Frozen parameters and the relative change limit (absent: none). */
  stepLimits: StepLimitsSchema.optional(),
  /** Review iterations: the configs under review and the possible actions. */
  review: ReviewBriefSchema.optional(),
});
export type BriefMetadata = z.infer<typeof BriefMetadataSchema>;

/** Evidence an agent attaches to a proposal: its own in-sample numbers. */
export const EvidenceSchema = z
  .object({
    inSampleScore: z.number().finite().optional(),
    baselineScore: z.number().finite().optional(),
    candidatesEvaluated: z.number().int().nonnegative().optional(),
    evalMs: z.number().nonnegative().optional(),
  })
  .catchall(z.unknown());

/** `proposal`: one per tuner. `changes` may be empty, meaning "keep current config". */
export const ProposalMetadataSchema = z.object({
  kind: z.literal('proposal'),
  changes: z.record(z.string(), z.unknown()),
  hypothesis: z.string().max(4000).default(''),
  evidence: EvidenceSchema.default({}),
});
export type ProposalMetadata = z.infer<typeof ProposalMetadataSchema>;

/** `proposal_ack`: the conductor accepted a proposal as vote option `option`. */
export const ProposalAckMetadataSchema = z.object({
  kind: z.literal('proposal_ack'),
  option: z.number().int().nonnegative(),
  proposalMessageId: z.string(),
  agentId: z.string(),
  changes: ParamsSchema,
});

/** `proposal_rejected`: the conductor refused a proposal, with the reason. */
export const ProposalRejectedMetadataSchema = z.object({
  kind: z.literal('proposal_rejected'),
  proposalMessageId: z.string(),
  agentId: z.string(),
  reason: z.string(),
});

/** One option on the ballot; option 0 is always "keep current config" with no changes. */
export const VoteOptionSchema = z.object({
  index: z.number().int().nonnegative(),
  label: z.string(),
  changes: ParamsSchema,
  proposedBy: z.array(z.string()),
  /** Review iterations: the action this option carries out (orchestrator/review/review-actions.ts); absent on option 0 (no action). */
  action: z.looseObject({ kind: z.string(), commit: z.string().optional(), param: z.string().optional() }).optional(),
});
export type VoteOption = z.infer<typeof VoteOptionSchema>;

/** `options`: posted by the conductor right before it creates the ClawChat vote. */
export const OptionsMetadataSchema = z.object({
  kind: z.literal('options'),
  voteTitle: z.string(),
  options: z.array(VoteOptionSchema),
});
export type OptionsMetadata = z.infer<typeof OptionsMetadataSchema>;

/** Metadata of the leader's ClawChat `decision` frame. */
export const DecisionMetadataSchema = z.object({
  kind: z.literal('decision'),
  option: z.number().int().nonnegative(),
  rationale: z.string().max(4000).default(''),
});
export type DecisionMetadata = z.infer<typeof DecisionMetadataSchema>;

/** `result`: posted by the conductor when the iteration is recorded; agents may exit. */
export const ResultMetadataSchema = z.object({
  kind: z.literal('result'),
  iterationId: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  pnl: z.number().nullable(),
  commit: z.string().nullable(),
  diff: z.string(),
});
export type ResultMetadata = z.infer<typeof ResultMetadataSchema>;

/** The kind named by a message's metadata, or null for plain chat. */
export function metadataKind(metadata: unknown): string | null {
  if (metadata && typeof metadata === 'object' && 'kind' in metadata) {
    const k = (metadata as { kind?: unknown }).kind;
    return typeof k === 'string' ? k : null;
  }
  return null;
}
