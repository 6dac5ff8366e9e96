/**
 * The iteration pipeline (DESIGN.md "One tune iteration").
 *
 * - conductor.ts         Conductor: opens a target, runs iterations phase by phase, recovers interrupted ones
 * - phase-list.ts        which phases a tune / review iteration runs, in order
 * - phases/              one file per phase: live, brief, spawn, propose, vote, elect, decide, apply, gate,
 *                        measure, record (review iterations: orchestrator/review/phases findings, act)
 * - revert-change.ts     undo the iteration's own commit (gate, failed deploy)
 * - unjudged-change.ts   no change the acceptance gate did not keep survives a failure, abort or crash
 * - deploy.ts            the target's deploy command
 * - iteration-state.ts   what an iteration accumulates; the conductor's context
 * - room-messages.ts     itercrew's coordination vocabulary on ClawChat (metadata.kind)
 * - room-monitor.ts      the conductor's ear on the iteration room
 * - team.ts              the agents of one iteration (spawn, exits, kill)
 * - phase-clock.ts       phase timings and phase_completed events
 * - brief-history.ts     past iterations as the brief shows them
 * - iteration-result.ts  what an iteration came to
 */
export * from './conductor.js';
export * from './iteration-result.js';
export * from './iteration-errors.js';
export * from './room-messages.js';
export * from './phase-clock.js';
export * from './brief-history.js';
