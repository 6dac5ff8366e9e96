import { z } from 'zod';
import { metadataKind } from '../../iteration/room-messages.js';
import { tool } from '../define-tool.js';
import { McpToolError } from '../errors/mcp-tool-error.js';
import { summariseEvent, summariseMessage } from './summaries.js';

/** A chat_wait cursor: the last message seq and the number of room events already returned, `m<seq>.e<events>`. */
export function parseCursor(cursor: string | undefined): { seq: number; events: number } {
  if (cursor === undefined || cursor === '') return { seq: 0, events: 0 };
  const m = /^m(\d+)\.e(\d+)$/.exec(cursor.trim());
  if (!m) throw new McpToolError('bad_cursor', `cursor ${JSON.stringify(cursor)} is not one chat_wait returned (form m<seq>.e<events>); omit it to start from the beginning`);
  return { seq: Number(m[1]), events: Number(m[2]) };
}

export const chatSend = tool({
  name: 'chat_send',
  description:
    'Post a plain chat message to the iteration room (discussion, questions, evidence). Proposals go through `propose`, ballots through `vote_cast`, the decision through `decide`.',
  input: {
    content: z.string().min(1).max(8000).describe('The message text.'),
    reply_to: z.string().optional().describe('message_id this answers, if any.'),
    mentions: z.array(z.string()).optional().describe('agent_ids to notify.'),
  },
  handler: async (args, s) => {
    const m = await s.client.sendMessage({ room_id: s.roomId, content: args.content, reply_to: args.reply_to, mentions: args.mentions ?? [], metadata: { kind: 'chat' } });
    return { message_id: m.message_id, seq: m.seq };
  },
});

export const chatWait = tool({
  name: 'chat_wait',
  description: [
    'Wait for what happens next in the iteration room. Returns every chat message and room event (vote_created, vote_result, election_started, leader_elected, decision_made, task updates) after `cursor`, blocking until there is something new or `timeout_seconds` pass.',
    'Pass the returned `cursor` to the next call: nothing is ever missed or repeated. Omit it the first time (you get the whole room so far).',
    '`wait_for` (optional): keep waiting until a message kind (e.g. "options", "result") or event type (e.g. "leader_elected", "vote_result") in this list arrives.',
    '`iteration_over` is true once the conductor posted the result: then stop.',
  ].join(' '),
  input: {
    cursor: z.string().optional().describe('The cursor a previous chat_wait returned; omit to start from the beginning.'),
    timeout_seconds: z.number().positive().optional().describe('Longest wait, seconds (default 30, capped by the server).'),
    wait_for: z.array(z.string()).optional().describe('Message kinds or event types to wait for.'),
  },
  readOnly: true,
  handler: async (args, s, signal) => {
    const from = parseCursor(args.cursor);
    const capMs = s.config.chatWaitMaxMs;
    const deadline = Date.now() + Math.min(capMs, Math.round((args.timeout_seconds ?? 30) * 1000));
    const wanted = args.wait_for && args.wait_for.length > 0 ? new Set(args.wait_for) : null;
    for (;;) {
      const since = s.view.changes;
      const messages = await s.view.messagesAfter(from.seq, 200);
      const events = s.view.events.slice(from.events);
      const hit = wanted
        ? messages.some((m) => wanted.has(metadataKind(m.metadata) ?? 'chat')) || events.some((e) => wanted.has(e.type))
        : messages.length > 0 || events.length > 0;
      const left = deadline - Date.now();
      if (hit || left <= 0 || signal.aborted || s.client.closed) {
        const over = messages.some((m) => metadataKind(m.metadata) === 'result');
        return {
          cursor: `m${messages.at(-1)?.seq ?? from.seq}.e${from.events + events.length}`,
          timed_out: !hit,
          iteration_over: over,
          messages: messages.map((m) => summariseMessage(m, s.agentId)),
          events: events.map((e) => summariseEvent(e, s.agentId)),
        };
      }
      await s.view.waitForChange(since, left, signal);
    }
  },
});

export const chatHistory = tool({
  name: 'chat_history',
  description: 'Read the room history: messages with seq > `since_seq` (default 0: from the start), oldest first, at most `limit` (default 50).',
  input: {
    since_seq: z.number().int().nonnegative().optional(),
    limit: z.number().int().min(1).max(200).optional(),
  },
  readOnly: true,
  handler: async (args, s) => {
    const messages = await s.view.messagesAfter(args.since_seq ?? 0, args.limit ?? 50);
    return { messages: messages.map((m) => summariseMessage(m, s.agentId)) };
  },
});
