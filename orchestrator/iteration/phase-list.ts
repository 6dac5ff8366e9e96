import type { IterationKind } from '../runlog/events/iteration-events.js';
import { actPhase } from '../review/phases/act.js';
import { findingsPhase } from '../review/phases/findings.js';
import type { ConductorContext, IterationState } from './iteration-state.js';
import type { PhaseName } from './phase-clock.js';
import { applyPhase } from './phases/apply.js';
import { briefPhase } from './phases/brief.js';
import { decidePhase } from './phases/decide.js';
import { electPhase } from './phases/elect.js';
import { gatePhase } from './phases/gate.js';
import { liveCheckPhase } from './phases/live-check.js';
import { measurePhase } from './phases/measure.js';
import { proposePhase } from './phases/propose.js';
import { spawnPhase } from './phases/spawn.js';
import { votePhase } from './phases/vote.js';

/** One phase: its name (phase_completed, running.json) and the function that runs it. */
export type Phase = readonly [PhaseName, (ctx: ConductorContext, it: IterationState) => Promise<void>];

/**
 * The phases an iteration of `kind` runs, in order (the record phase follows them all):
 * - tune: [live] → brief → spawn → propose → vote → elect → decide → apply → gate → measure
 *   (`live` only for a target with a measure command; vote and elect are skipped by the conductor
 *   when there is nothing to vote on);
 * - review: brief → spawn → findings → vote → elect → decide → act → measure.
 */
export function phasesOf(kind: IterationKind, ctx: ConductorContext): Phase[] {
  if (kind === 'review') {
    return [
      ['brief', briefPhase],
      ['spawn', spawnPhase],
      ['findings', findingsPhase],
      ['vote', votePhase],
      ['elect', electPhase],
      ['decide', decidePhase],
      ['act', actPhase],
      ['measure', measurePhase],
    ];
  }
  return [
    ...(ctx.safety.live ? [['live', liveCheckPhase] as const] : []),
    ['brief', briefPhase],
    ['spawn', spawnPhase],
    ['propose', proposePhase],
    ['vote', votePhase],
    ['elect', electPhase],
    ['decide', decidePhase],
    ['apply', applyPhase],
    ['gate', gatePhase],
    ['measure', measurePhase],
  ];
}
