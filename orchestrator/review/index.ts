/**
 * Review iterations (`itercrew kick --review`, `itercrew run --review`): the team reads the last N
 * iterations (run log, diffs, PnL, safety flags), posts findings, and holds a sealed vote on one
 * action — keep, revert to commit X, freeze or unfreeze a parameter, no action; the leader
 * decides; the conductor carries it out. The conductor runs them with the tune pipeline's brief,
 * spawn, vote, elect, decide and measure phases and these two of its own:
 *
 * - phases/findings.ts    findings and action proposals, validated on arrival (the propose phase of a review)
 * - phases/act.ts         carries out the decided action (the apply phase of a review)
 * - review-actions.ts     the actions (schema, keys, labels)
 * - review-messages.ts    the room vocabulary: finding, action_proposal, action_ack, action_rejected
 * - review-brief.ts       the configs under review, for the brief
 * - actions/validate-action.ts  whether an action can be carried out now
 *
 * Frozen parameters are derived from the run log (orchestrator/safety/step-limits/frozen-params.ts).
 * The local agent's deterministic review rules are in workers/local-agent/review-rules.ts.
 */
export * from './review-actions.js';
export * from './review-messages.js';
export * from './review-brief.js';
export * from './actions/validate-action.js';
export * from './phases/findings.js';
export * from './phases/act.js';
