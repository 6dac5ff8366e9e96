import { z } from 'zod';
import type { ChatMessage } from '../../clawchat/protocol/index.js';
import { metadataKind } from '../../iteration/room-messages.js';
import { describeAction, ReviewActionSchema } from '../../review/review-actions.js';
import { ActionProposalMetadataSchema, FindingMetadataSchema } from '../../review/review-messages.js';
import { tool } from '../define-tool.js';
import { McpToolError } from '../errors/mcp-tool-error.js';
import type { RoomView } from '../room-view.js';

/** How long propose_action waits for the conductor's answer, ms. */
const ACK_WAIT_MS = 15_000;

export const postFinding = tool({
  name: 'post_finding',
  description: [
    'Review iterations: post one finding about the iterations under review (a change that did not help on its holdout, a parameter that appears to have no effect, a guardrail veto, …) with its numbers.',
    'One finding per call; it is recorded in the run log and shown in the report.',
  ].join(' '),
  input: {
    text: z.string().min(1).max(4000).describe('The finding in a sentence or two, with the numbers.'),
    subject: z.string().max(200).optional().describe('What it is about, e.g. "iteration 12" or "sigma".'),
    evidence: z.record(z.string(), z.unknown()).optional().describe('The numbers behind it, e.g. {"meanPnl": -0.4, "iterations": [10, 11, 12]}.'),
  },
  handler: async (args, s) => {
    const { brief } = await s.brief();
    if (brief.iterationKind !== 'review') throw new McpToolError('not_a_review', 'findings are posted in review iterations; this is a tune iteration');
    const checked = FindingMetadataSchema.safeParse({ kind: 'finding', text: args.text, subject: args.subject, evidence: args.evidence });
    if (!checked.success) throw new McpToolError('invalid_finding', checked.error.issues.map((i) => `${i.path.join('.') || 'finding'}: ${i.message}`).join('; '));
    const m = await s.client.sendMessage({ room_id: s.roomId, content: `finding: ${args.text}`, metadata: checked.data });
    return { posted: true, message_id: m.message_id };
  },
});

export const proposeAction = tool({
  name: 'propose_action',
  description: [
    'Review iterations: propose the one action the team votes on — {"kind":"keep"} or {"kind":"no_action"} (nothing changes), {"kind":"revert","commit":"<sha>"} (put the config back to the one at that commit; see the brief’s review.commits and run_log), {"kind":"freeze","param":"<name>"} (no later proposal may change it) or {"kind":"unfreeze","param":"<name>"}.',
    'Returns the vote option the conductor made of it, or its rejection with the reason.',
  ].join(' '),
  input: {
    action: ReviewActionSchema.describe('The action.'),
    rationale: z.string().min(1).max(4000).describe('Why, with the evidence.'),
  },
  handler: async (args, s, signal) => {
    const { brief } = await s.brief();
    if (brief.iterationKind !== 'review') throw new McpToolError('not_a_review', 'actions are proposed in review iterations; in a tune iteration use propose');
    const checked = ActionProposalMetadataSchema.safeParse({ kind: 'action_proposal', action: args.action, rationale: args.rationale });
    if (!checked.success) throw new McpToolError('invalid_action', checked.error.issues.map((i) => `${i.path.join('.') || 'action'}: ${i.message}`).join('; '));
    const posted = await s.client.sendMessage({ room_id: s.roomId, content: `action: ${describeAction(checked.data.action)} — ${args.rationale}`, metadata: checked.data });
    const answer = await awaitReply(s.view, posted, signal);
    if (!answer) return { posted: true, message_id: posted.message_id, answer: null, note: `the conductor has not answered within ${ACK_WAIT_MS / 1000} s; watch chat_wait for action_ack / action_rejected` };
    const meta = answer.metadata as { option?: number; reason?: string };
    if (metadataKind(answer.metadata) === 'action_rejected') throw new McpToolError('action_rejected', `the conductor rejected it: ${meta.reason ?? answer.content}`);
    return { posted: true, message_id: posted.message_id, option: meta.option, answer: answer.content };
  },
});

/** The conductor's reply (action_ack / action_rejected) to `posted`, or null after ACK_WAIT_MS. */
async function awaitReply(view: RoomView, posted: ChatMessage, signal: AbortSignal): Promise<ChatMessage | null> {
  const deadline = Date.now() + ACK_WAIT_MS;
  for (;;) {
    const seen = view.changes;
    const reply = (await view.messagesAfter(posted.seq, 200)).find((m) => m.reply_to_message === posted.message_id && ['action_ack', 'action_rejected'].includes(metadataKind(m.metadata) ?? ''));
    if (reply) return reply;
    const left = deadline - Date.now();
    if (left <= 0 || signal.aborted) return null;
    await view.waitForChange(seen, left, signal);
  }
}
