import { z } from 'zod';
import { ReviewActionSchema } from './review-actions.js';

/**
 * The messages of a review iteration room beyond the tune vocabulary (iteration/room-messages.ts):
 * reviewers post `finding`s (any number, one message each) and one `action_proposal`; the
 * conductor answers each proposal with `action_ack` ("option k") or `action_rejected` ("rejected:
 * why"). Then the usual `options`, sealed vote, election, `decision` and `result`.
 */

/** `finding`: something a reviewer noticed in the iterations under review, with its numbers. */
export const FindingMetadataSchema = z.object({
  kind: z.literal('finding'),
  /** What it is about, e.g. `iteration 12`, `sigma`. */
  subject: z.string().max(200).optional(),
  /** The finding in a sentence or two. */
  text: z.string().min(1).max(4000),
  /** The numbers behind it. */
  evidence: z.record(z.string(), z.unknown()).optional(),
});
export type FindingMetadata = z.infer<typeof FindingMetadataSchema>;

/** `action_proposal`: the one action a reviewer proposes to vote on. */
export const ActionProposalMetadataSchema = z.object({
  kind: z.literal('action_proposal'),
  action: ReviewActionSchema,
  rationale: z.string().max(4000).default(''),
});
export type ActionProposalMetadata = z.infer<typeof ActionProposalMetadataSchema>;

/** `action_ack`: the conductor made the proposal vote option `option`. */
export const ActionAckMetadataSchema = z.object({
  kind: z.literal('action_ack'),
  option: z.number().int().nonnegative(),
  proposalMessageId: z.string(),
  agentId: z.string(),
  action: ReviewActionSchema,
});

/** `action_rejected`: the conductor refused the proposal, with the reason. */
export const ActionRejectedMetadataSchema = z.object({
  kind: z.literal('action_rejected'),
  proposalMessageId: z.string(),
  agentId: z.string(),
  reason: z.string(),
});

/** Findings the conductor records per agent and iteration (more are answered but not logged). */
export const MAX_FINDINGS_PER_AGENT = 20;
