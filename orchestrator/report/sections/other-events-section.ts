import type { Block } from '../doc/blocks.js';
import { otherEventsBlocks } from './event-blocks.js';
import type { IterationDetailContext, IterationSectionSpec } from './iteration-section.js';

/** Events of types the fold does not summarise (newer event types), grouped by type. */
export const otherEventsSection: IterationSectionSpec = {
  id: 'events',
  title: 'Other events',
  build({ record }: IterationDetailContext): Block[] {
    return record.otherEvents.length > 0 ? otherEventsBlocks(record.otherEvents) : [];
  },
};
