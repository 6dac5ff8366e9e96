import type { ServerEvent } from '../../protocol/events.js';
import type { ChatMessage } from '../../protocol/models.js';
import type { HistoryResult } from '../../protocol/replies.js';

/** Fetches one `get_history since_seq` page. */
export type HistoryPager = (roomId: string, sinceSeq: number, limit: number) => Promise<HistoryResult>;

/**
 * Every stored row of `roomId` with seq above `sinceSeq`, ascending, paging `pageSize` rows at a
 * time until a short page. Ephemeral rooms are never stored, so they yield nothing.
 */
export async function fetchSince(page: HistoryPager, roomId: string, sinceSeq: number, pageSize: number): Promise<ChatMessage[]> {
  const rows: ChatMessage[] = [];
  let after = sinceSeq;
  for (;;) {
    const { messages } = await page(roomId, after, pageSize);
    for (const m of messages) if (m.seq > after) rows.push(m);
    if (messages.length < pageSize || messages.length === 0) break;
    const last = messages[messages.length - 1].seq;
    if (last <= after) break; // a server not honouring since_seq: stop rather than loop
    after = last;
  }
  return rows;
}

/** `metadata.type` of a history row (`thinking`, `decision`, `system`), if any. */
export function rowType(row: ChatMessage): string | undefined {
  const m = row.metadata;
  return m && typeof m === 'object' && !Array.isArray(m) && typeof (m as Record<string, unknown>).type === 'string'
    ? ((m as Record<string, unknown>).type as string)
    : undefined;
}

/**
 * The pushed event a history row would have been for another member of the room:
 * chat → `message_received`, `metadata.type` `thinking` → `thinking`, `decision` →
 * `decision_made` (leader = the row's author; the leader's own `metadata` is not stored
 * upstream, so it is `null`), `system` rows → none.
 */
export function rowToEvent(row: ChatMessage): ServerEvent | null {
  switch (rowType(row)) {
    case 'system':
      return null;
    case 'thinking':
      return { type: 'thinking', payload: row };
    case 'decision':
      return {
        type: 'decision_made',
        payload: {
          room_id: row.room_id,
          message_id: row.message_id,
          leader_id: row.agent_id,
          leader_name: row.agent_name,
          content: row.content,
          metadata: null,
          timestamp: row.timestamp,
        },
      };
    default:
      return { type: 'message_received', payload: row };
  }
}
