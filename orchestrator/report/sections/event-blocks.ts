import type { GenericRunLogEvent } from '../../runlog/events/run-log-event.js';
import { code, type Block, type Text } from '../doc/blocks.js';
import { formatAny, formatTime } from '../doc/format.js';
import { SAFETY_EVENT_BLOCKS } from './safety-event-blocks.js';

/** Renders the events of one type of an iteration (all of them at once, in log order). */
export type EventBlocks = (events: readonly GenericRunLogEvent[]) => Block[];

/**
 * Renderers for event types the fold keeps in `otherEvents` (types this itercrew does not
 * summarise: review findings, reverts, "parameter appears to have no effect" flags, … written by
 * newer versions). A type without an entry here is shown by {@link genericEventBlocks}: a table
 * of its fields. To give a type its own look, add `type: (events) => blocks` here.
 */
export const EVENT_TYPE_BLOCKS: Record<string, EventBlocks> = { ...SAFETY_EVENT_BLOCKS };

const BASE_FIELDS = new Set(['v', 'ts', 'target', 'iterationId', 'type']);

/** Any events as a table: time, then one column per field (union over the events, first-seen order). */
export function genericEventBlocks(events: readonly GenericRunLogEvent[]): Block[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const e of events)
    for (const k of Object.keys(e))
      if (!BASE_FIELDS.has(k) && !seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
  return [
    {
      kind: 'table',
      columns: [{ title: 'time', key: 'ts', layout: 'nowrap' as const }, ...keys.map((k) => ({ title: k, key: k, layout: 'long' as const }))],
      rows: events.map((e) => {
        const row: Text[] = [formatTime(e.ts)];
        for (const k of keys) {
          const v = (e as Record<string, unknown>)[k];
          row.push(v === undefined ? '' : typeof v === 'object' && v !== null ? code(formatAny(v)) : formatAny(v));
        }
        return row;
      }),
    },
  ];
}

/** Events grouped by type (first-seen order), each group rendered by its entry in {@link EVENT_TYPE_BLOCKS} or generically. */
export function otherEventsBlocks(events: readonly GenericRunLogEvent[]): Block[] {
  const groups = new Map<string, GenericRunLogEvent[]>();
  for (const e of events) {
    const g = groups.get(e.type);
    if (g) g.push(e);
    else groups.set(e.type, [e]);
  }
  const blocks: Block[] = [];
  for (const [type, group] of groups) {
    blocks.push({ kind: 'paragraph', text: [code(type), ` (${group.length} event${group.length === 1 ? '' : 's'})`] });
    blocks.push(...(EVENT_TYPE_BLOCKS[type] ?? genericEventBlocks)(group));
  }
  return blocks;
}
