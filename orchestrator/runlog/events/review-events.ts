import { z } from 'zod';
import { defineEvent } from './event-base.js';

/**
 * A review action as recorded (orchestrator/review/review-actions.ts validates them): `keep` /
 * `no_action` (nothing changes), `revert` to `commit`, `freeze` / `unfreeze` a `param`. Open, so
 * later kinds stay readable.
 */
export const RecordedActionSchema = z.looseObject({
  kind: z.string().min(1),
  commit: z.string().optional(),
  param: z.string().optional(),
});

/** A reviewer posted a finding (metadata kind `finding`). */
export const FindingPostedSchema = defineEvent('finding_posted', {
  agentId: z.string().min(1),
  agentName: z.string().optional(),
  /** What it is about, e.g. `iteration 12`, `sigma`. */
  subject: z.string().optional(),
  text: z.string(),
  /** The reviewer's numbers, as sent. */
  evidence: z.unknown().optional(),
});

/** A reviewer's action proposal became vote option `option`. */
export const ActionProposedSchema = defineEvent('action_proposed', {
  agentId: z.string().min(1),
  option: z.number().int().nonnegative(),
  action: RecordedActionSchema,
  rationale: z.string(),
});

/** An action proposal was refused, with the reason; the raw action is kept as sent. */
export const ActionRejectedSchema = defineEvent('action_rejected', {
  agentId: z.string().min(1),
  action: z.unknown(),
  reason: z.string(),
});

/** The conductor carried out (or failed to carry out) the decided review action. */
export const ActionTakenSchema = defineEvent('action_taken', {
  action: RecordedActionSchema,
  /** The decider's agent id and name (the leader, or the conductor's fallback). */
  by: z.string().min(1),
  byName: z.string().optional(),
  done: z.boolean(),
  /** The commit it made, if any (a revert). */
  commit: z.string().optional(),
  detail: z.string(),
});
