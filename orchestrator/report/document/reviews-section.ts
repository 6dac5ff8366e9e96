import type { IterationRecord } from '../../runlog/fold/iteration-record.js';
import { link, type Block, type DocSection, type Text } from '../doc/blocks.js';
import { formatTime, statusSpan } from '../doc/format.js';
import { decisionHeadline } from '../model/decision-headline.js';
import { otherEventsBlocks } from '../sections/event-blocks.js';
import { iterationAnchor, iterationLabel } from '../sections/iteration-detail.js';

/**
 * Review iterations (kind `review`): each with its status, decision and its findings and actions
 * (the events the fold keeps in otherEvents, rendered per type by sections/event-blocks.ts).
 */
export function reviewsSection(records: readonly IterationRecord[]): DocSection {
  const reviews = records.filter((r) => r.kind === 'review');
  if (reviews.length === 0) return { id: 'reviews', title: 'Review iterations', blocks: [{ kind: 'paragraph', text: { text: 'No review iteration in this run log.', tone: 'muted' } }] };
  const blocks: Block[] = reviews.map((r) => {
    const fields: [string, Text][] = [
      ['Status', statusSpan(r.status)],
      ['Started', formatTime(r.startedAt)],
      ['Decision', decisionHeadline(r)],
      ['Reason', r.reason],
    ];
    const inner: Block[] = [{ kind: 'fields', fields }];
    if (r.otherEvents.length > 0) inner.push(...otherEventsBlocks(r.otherEvents));
    else inner.push({ kind: 'paragraph', text: { text: 'No findings or actions recorded.', tone: 'muted' } });
    inner.push({ kind: 'paragraph', text: link('full detail', `#${iterationAnchor(r.iterationId)}`) });
    return { kind: 'section', section: { id: `review-${r.iterationId}`, title: `Review ${iterationLabel(r)}`, blocks: inner } } satisfies Block;
  });
  return { id: 'reviews', title: 'Review iterations', blocks };
}
