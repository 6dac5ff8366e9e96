import type { RunLogEventOf } from '../events/run-log-event.js';
import type { IterationRecord } from './iteration-record.js';

/** The safety and review event types (orchestrator/runlog/events/safety-events.ts, review-events.ts). */
export type SafetyEvent = RunLogEventOf<
  'acceptance_checked' | 'config_reverted' | 'parameter_flagged' | 'live_checked' | 'finding_posted' | 'action_proposed' | 'action_rejected' | 'action_taken'
>;

/**
 * Folds one safety or review event into its iteration's record: summarised in its own field
 * (acceptance, revert, flags, liveCheck, findings, actions, actionTaken) and kept in
 * `otherEvents`, where reports render each type as its own block.
 */
export function foldSafetyEvent(r: IterationRecord, e: SafetyEvent): void {
  r.otherEvents.push(e);
  switch (e.type) {
    case 'acceptance_checked':
      r.acceptance = e;
      break;
    case 'config_reverted':
      r.revert = e;
      break;
    case 'parameter_flagged':
      (r.flags ??= []).push(e);
      break;
    case 'live_checked':
      r.liveCheck = e;
      break;
    case 'finding_posted':
      (r.findings ??= []).push(e);
      break;
    case 'action_proposed':
      (r.actions ??= []).push(e);
      break;
    case 'action_taken':
      r.actionTaken = e;
      break;
    case 'action_rejected':
      break;
  }
}
