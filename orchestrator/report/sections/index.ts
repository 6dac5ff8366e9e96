/**
 * The sections of an iteration's detail, in the order they are shown. Each is one file; to show
 * something new about an iteration (a new IterationRecord field), write a section and add it here.
 * Events the fold does not summarise are rendered by event-blocks.ts (per type, or generically).
 */
import { agentsSection } from './agents-section.js';
import { briefSection } from './brief-section.js';
import { decisionSection } from './decision-section.js';
import { filesSection } from './files-section.js';
import type { IterationSectionSpec } from './iteration-section.js';
import { otherEventsSection } from './other-events-section.js';
import { outcomeSection } from './outcome-section.js';
import { proposalsSection } from './proposals-section.js';
import { voteSection } from './vote-section.js';

export const ITERATION_SECTIONS: readonly IterationSectionSpec[] = [
  briefSection,
  proposalsSection,
  voteSection,
  decisionSection,
  outcomeSection,
  agentsSection,
  otherEventsSection,
  filesSection,
];

export * from './iteration-section.js';
export * from './event-blocks.js';
export { iterationDetail, iterationAnchor, iterationLabel } from './iteration-detail.js';
