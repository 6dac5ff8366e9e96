import { z } from 'zod';
import type { ChatMessage } from '../../clawchat/protocol/index.js';
import { metadataKind, ProposalMetadataSchema, type DecisionMetadata, type ProposalMetadata } from '../../iteration/room-messages.js';
import { ParamValueSchema } from '../../target/evaluate-protocol.js';
import { formatParamsDiff } from '../../target/diff/params-diff.js';
import { validateChanges } from '../../target/space/validate-changes.js';
import { checkStepLimits } from '../../safety/step-limits/step-limits.js';
import { tool } from '../define-tool.js';
import { McpToolError } from '../errors/mcp-tool-error.js';
import type { RoomView } from '../room-view.js';

/** How long propose waits for the conductor's answer (option k / rejected), ms. */
const ACK_WAIT_MS = 15_000;

export const propose = tool({
  name: 'propose',
  description: [
    'Post your one proposal for this iteration: parameter → new value (at most maxChangedParams parameters; {} means "keep the current config"), the hypothesis, and your in-sample evidence.',
    'It is checked against the parameter space, the invariants and the step limits (frozen parameters, max relative change — the same checks the conductor makes) before it is posted; a refused proposal is not posted and the reason comes back as an error.',
    'Returns the vote option the conductor made of it, or the conductor’s rejection.',
  ].join(' '),
  input: {
    changes: z.record(z.string(), ParamValueSchema).describe('parameter → new value, e.g. {"half_spread_base": 0.03}.'),
    hypothesis: z.string().min(1).max(4000).describe('Why this should raise the objective on unseen data.'),
    evidence: z.record(z.string(), z.unknown()).optional().describe('Your numbers, e.g. {"inSampleScore": 1.2, "baselineScore": 0.4, "candidatesEvaluated": 12}.'),
  },
  handler: async (args, s, signal) => {
    if (s.config.role !== 'tuner') throw new McpToolError('not_a_tuner', `only tuners propose; you are a ${s.config.role}`);
    const { brief } = await s.brief();
    const count = Object.keys(args.changes).length;
    if (count > brief.maxChangedParams) {
      throw new McpToolError('invalid_proposal', `changes ${count} parameters; at most ${brief.maxChangedParams} per iteration (so results can be attributed)`);
    }
    const limits = brief.stepLimits ? checkStepLimits((await s.target()).space, brief.stepLimits, brief.params, args.changes) : { ok: true as const };
    if (!limits.ok) throw new McpToolError('invalid_proposal', limits.reason);
    let text = 'keep the current config';
    if (count > 0) {
      const v = validateChanges((await s.target()).space, brief.params, args.changes);
      if (!v.ok) throw new McpToolError('invalid_proposal', v.reason);
      text = v.diff.length ? formatParamsDiff(v.diff) : 'no change';
    }
    // The conductor's own schema (null evidence fields mean "unknown" and are dropped).
    const evidence = Object.fromEntries(Object.entries(args.evidence ?? {}).filter(([, x]) => x !== null && x !== undefined));
    const checked = ProposalMetadataSchema.safeParse({ kind: 'proposal', changes: args.changes, hypothesis: args.hypothesis, evidence });
    if (!checked.success) throw new McpToolError('invalid_proposal', checked.error.issues.map((i) => `${i.path.join('.') || 'proposal'}: ${i.message}`).join('; '));
    const metadata: ProposalMetadata = checked.data;
    const posted = await s.client.sendMessage({ room_id: s.roomId, content: `proposal: ${text}. ${args.hypothesis}`, metadata });
    const answer = await awaitReply(s.view, posted, signal);
    if (!answer) return { posted: true, message_id: posted.message_id, answer: null, note: `the conductor has not answered within ${ACK_WAIT_MS / 1000} s; watch chat_wait for proposal_ack / proposal_rejected` };
    const meta = answer.metadata as { option?: number; reason?: string };
    if (metadataKind(answer.metadata) === 'proposal_rejected') throw new McpToolError('proposal_rejected', `the conductor rejected it: ${meta.reason ?? answer.content}`);
    return { posted: true, message_id: posted.message_id, option: meta.option, answer: answer.content };
  },
});

/** The conductor's reply (proposal_ack / proposal_rejected) to `posted`, or null after ACK_WAIT_MS. */
async function awaitReply(view: RoomView, posted: ChatMessage, signal: AbortSignal): Promise<ChatMessage | null> {
  const deadline = Date.now() + ACK_WAIT_MS;
  for (;;) {
    const seen = view.changes;
    const reply = (await view.messagesAfter(posted.seq, 200)).find(
      (m) => m.reply_to_message === posted.message_id && ['proposal_ack', 'proposal_rejected'].includes(metadataKind(m.metadata) ?? ''),
    );
    if (reply) return reply;
    const left = deadline - Date.now();
    if (left <= 0 || signal.aborted) return null;
    await view.waitForChange(seen, left, signal);
  }
}

export const voteCast = tool({
  name: 'vote_cast',
  description: 'Cast your sealed ballot in the open vote of the room: the option index (0 = keep the current config; the options are in the conductor’s "options" message). One ballot per agent.',
  input: { option: z.number().int().nonnegative().describe('Option index.') },
  handler: async (args, s) => {
    const open = (await s.client.listVotes(s.roomId)).find((v) => v.status === 'open');
    if (!open) throw new McpToolError('no_open_vote', 'there is no open vote in the room (wait for the conductor’s options and vote_created)');
    if (args.option >= open.options.length) throw new McpToolError('bad_option', `option ${args.option} does not exist; the vote has options 0..${open.options.length - 1}: ${open.options.join(' | ')}`);
    const reply = await s.client.castVote(open.vote_id, args.option);
    return { vote_id: open.vote_id, option: args.option, option_text: open.options[args.option], votes_cast: reply.votes_cast, eligible_voters: reply.eligible_voters };
  },
});

export const electionStart = tool({
  name: 'election_start',
  description: 'Start a leader election in the room (normally the conductor does this after the vote). Candidates who do not decline within the opt-out window may be drawn.',
  input: {},
  handler: async (_args, s) => s.client.electLeader(s.roomId),
});

export const electionDecline = tool({
  name: 'election_decline',
  description: 'Decline the running leader election (you will not be drawn as leader). Decline only if you cannot decide in time.',
  input: {},
  handler: async (_args, s) => {
    await s.client.declineElection(s.roomId);
    return { declined: true };
  },
});

export const decide = tool({
  name: 'decide',
  description: [
    'Leader only: issue the iteration’s decision — one of the top-voted options (ties are yours to break), with your rationale.',
    'Checked before it is sent: you must be the elected leader and the option must be among the top-voted ones (the conductor’s closing ballot does not count).',
  ].join(' '),
  input: {
    option: z.number().int().nonnegative().describe('The chosen option index.'),
    rationale: z.string().min(1).max(4000).describe('Why, in a sentence or two.'),
  },
  handler: async (args, s) => {
    const leader = s.leader();
    if (!leader) throw new McpToolError('not_leader', 'no leader has been elected in this room (yet)');
    if (leader.id !== s.agentId) throw new McpToolError('not_leader', `you are not the leader; ${leader.name} is`);
    const result = s.voteResult();
    const top = result ? s.topVoted(result, await s.conductorId()) : [];
    const allowed = top.length > 0 ? top : [0];
    if (!allowed.includes(args.option)) throw new McpToolError('not_top_voted', `option ${args.option} is not among the top-voted options (${allowed.join(', ')})`);
    const label = result?.options[args.option] ?? `option ${args.option}`;
    const metadata: DecisionMetadata = { kind: 'decision', option: args.option, rationale: args.rationale };
    const reply = await s.client.decision({ room_id: s.roomId, content: `decision: ${label} — ${args.rationale}`, metadata });
    return { decided: args.option, message_id: reply.message_id };
  },
});
