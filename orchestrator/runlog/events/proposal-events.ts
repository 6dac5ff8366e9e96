import { z } from 'zod';
import { defineEvent, EventParamsSchema } from './event-base.js';

/** Evidence attached to a proposal: free text or structured JSON. */
export const EvidenceSchema = z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]);

/** A valid proposal arrived and became vote option `option`. */
export const ProposalReceivedSchema = defineEvent('proposal_received', {
  agentId: z.string().min(1),
  /** Vote option index the conductor assigned ("option k"). */
  option: z.number().int().nonnegative(),
  /** The changes, parameter → new value (as validated and normalised). */
  changes: EventParamsSchema,
  hypothesis: z.string(),
  evidence: EvidenceSchema.optional(),
  /** The proposer's in-sample objective score, if reported. */
  inSampleScore: z.number().optional(),
});

/** A proposal was rejected ("rejected: <reason>"); the raw changes are kept as sent. */
export const ProposalRejectedSchema = defineEvent('proposal_rejected', {
  agentId: z.string().min(1),
  /** What the agent sent, unvalidated. */
  changes: z.unknown(),
  reason: z.string(),
});
