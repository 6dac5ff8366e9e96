import type { ChatMessage } from '../../clawchat/protocol/index.js';
import { formatParamsDiff } from '../../target/diff/params-diff.js';
import { validateChanges } from '../../target/space/validate-changes.js';
import { checkStepLimits } from '../../safety/step-limits/step-limits.js';
import type { ConductorContext, IterationState } from '../iteration-state.js';
import { metadataKind, ProposalMetadataSchema } from '../room-messages.js';
import { IterationStop } from '../iteration-errors.js';
import { describeExit } from '../team.js';

/**
 * Phase 3, propose: waits until every live tuner has a proposal the conductor accepted, or the
 * propose deadline. A rejected proposal does not count: its agent may fix it and propose again
 * ("rejected: <reason>" tells it why) until the deadline or until it exits. Proposals are handled
 * on arrival by {@link handleProposal}; after this phase, late ones are refused.
 */
export async function proposePhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const team = it.team!;
  const deadline = Math.min(Date.parse(it.brief!.deadlines.propose), Date.now() + ctx.settings.deadlines.proposeMs);
  const complete = await it.monitor!.until(
    () => team.live().filter((m) => m.spec.role === 'tuner').every((m) => it.proposals.get(m.spec.agentId)?.accepted === true) && team.members.length > 0,
    deadline,
    it.signal,
  );
  await it.proposalChain;
  it.proposalsClosed = true;
  await it.clock.end(!complete);
  if (it.proposals.size === 0) {
    const fates = team.members.map((m) => `${m.spec.name}: ${m.exit ? describeExit(m.exit) : 'running'}`).join('; ');
    throw new IterationStop(
      'failed',
      team.live().length === 0 ? `no agent proposed: every agent exited first (${fates})` : `no agent proposed before the propose deadline (${fates})`,
    );
  }
}

/**
 * Validates one chat message of the room on arrival. Only `metadata.kind == "proposal"` messages
 * matter. The conductor answers in the room, replying to the proposal: `option k` (the vote
 * option it became; identical change sets share an option, an empty change set is option 0,
 * "keep current config") or `rejected: <reason>` — malformed metadata, not a tuner of this
 * iteration, a second proposal after an accepted one, more parameters than allowed, a frozen
 * parameter or a change beyond the relative step limit (it.stepLimits), or anything
 * the space and invariants refuse (unknown parameter, NaN, out of bounds, off grid, change too
 * large). Each outcome is logged (proposal_received / proposal_rejected). Never throws.
 */
export function handleProposal(ctx: ConductorContext, it: IterationState, m: ChatMessage): void {
  if (metadataKind(m.metadata) !== 'proposal') return;
  it.proposalChain = it.proposalChain
    .then(() => judge(ctx, it, m))
    .catch((err: unknown) => ctx.logger.error({ err, iteration: it.id }, 'could not answer a proposal'));
  it.monitor?.poke();
}

async function judge(ctx: ConductorContext, it: IterationState, m: ChatMessage): Promise<void> {
  const member = it.team?.byAgentId(m.agent_id);
  const raw = (m.metadata as { changes?: unknown }).changes;
  const reject = async (reason: string): Promise<void> => {
    if (member && !it.proposals.has(m.agent_id)) it.proposals.set(m.agent_id, { accepted: false });
    await ctx.runLog.append({ type: 'proposal_rejected', iterationId: it.id, agentId: m.agent_id, changes: raw ?? null, reason });
    await ctx.client.sendMessage({
      room_id: it.roomId!,
      content: `rejected: ${reason}`,
      reply_to: m.message_id,
      metadata: { kind: 'proposal_rejected', proposalMessageId: m.message_id, agentId: m.agent_id, reason },
    });
    it.monitor?.poke();
  };

  if (it.proposalsClosed) return reject('the propose phase is over');
  if (!member || member.spec.role !== 'tuner') return reject('only the tuners of this iteration may propose');
  if (it.proposals.get(m.agent_id)?.accepted) return reject('one proposal per agent: yours was already accepted');
  const parsed = ProposalMetadataSchema.safeParse(m.metadata);
  if (!parsed.success) return reject(`malformed proposal: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'metadata'}: ${i.message}`).join('; ')}`);
  const { changes, hypothesis, evidence } = parsed.data;
  const count = Object.keys(changes).length;
  const limit = ctx.settings.maxChangedParams;
  if (count > limit) return reject(`changes ${count} parameters; at most ${limit} per iteration (so results can be attributed)`);
  const stepCheck = checkStepLimits(ctx.target.space, it.stepLimits, it.baseParams, changes);
  if (!stepCheck.ok) return reject(stepCheck.reason);

  let option = 0;
  let normalised = {};
  if (count > 0) {
    const v = validateChanges(ctx.target.space, it.baseParams, changes);
    if (!v.ok) return reject(v.reason);
    if (v.diff.length === 0) {
      option = 0;
    } else {
      normalised = v.changes;
      const key = JSON.stringify(Object.entries(v.changes).sort());
      const existing = it.options.find((o) => o.index > 0 && JSON.stringify(Object.entries(o.changes).sort()) === key);
      if (existing) option = existing.index;
      else {
        option = it.options.length;
        it.options.push({ index: option, label: `option ${option}: ${formatParamsDiff(v.diff)}`, changes: v.changes, proposedBy: [] });
      }
    }
  }
  const opt = it.options[option]!;
  opt.proposedBy.push(member.spec.name);
  if (option > 0) normalised = opt.changes;
  it.proposals.set(m.agent_id, { accepted: true, option });
  const inSampleScore = typeof evidence.inSampleScore === 'number' ? evidence.inSampleScore : undefined;
  await ctx.runLog.append({ type: 'proposal_received', iterationId: it.id, agentId: m.agent_id, option, changes: normalised, hypothesis, evidence, inSampleScore });
  await ctx.client.sendMessage({
    room_id: it.roomId!,
    content: `option ${option}`,
    reply_to: m.message_id,
    metadata: { kind: 'proposal_ack', option, proposalMessageId: m.message_id, agentId: m.agent_id, changes: normalised },
  });
  const task = (await ctx.client.listTasks(it.roomId!)).find((t) => t.assignee === m.agent_id);
  if (task) await ctx.client.updateTask({ task_id: task.task_id, status: 'completed', note: `proposal accepted as option ${option}` });
  it.monitor?.poke();
}
