import type { ChatMessage } from '../../clawchat/protocol/index.js';
import { IterationStop } from '../../iteration/iteration-errors.js';
import type { ConductorContext, IterationState } from '../../iteration/iteration-state.js';
import { metadataKind } from '../../iteration/room-messages.js';
import { describeExit } from '../../iteration/team.js';
import type { Params } from '../../target/evaluate-protocol.js';
import { validateAction } from '../actions/validate-action.js';
import { actionKey, isNoOp } from '../review-actions.js';
import { ActionProposalMetadataSchema, FindingMetadataSchema, MAX_FINDINGS_PER_AGENT } from '../review-messages.js';

/**
 * Review phase 3, findings (a review iteration's propose phase): waits until every live agent has
 * an action proposal the conductor accepted, or the propose deadline. A rejected proposal does not
 * count: its agent may fix it and propose again ("rejected: <reason>" tells it why), as in the tune
 * propose phase. Findings and proposals are handled on arrival by {@link handleReviewMessage};
 * after this phase, late proposals are refused (findings are still recorded until the result).
 *
 * @throws IterationStop `failed` when no agent proposed an action.
 */
export async function findingsPhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const team = it.team!;
  const deadline = Math.min(Date.parse(it.brief!.deadlines.propose), Date.now() + ctx.settings.deadlines.proposeMs);
  const complete = await it.monitor!.until(() => team.members.length > 0 && team.live().every((m) => it.proposals.get(m.spec.agentId)?.accepted === true), deadline, it.signal);
  await it.proposalChain;
  it.proposalsClosed = true;
  await it.clock.end(!complete);
  if (it.proposals.size === 0) {
    const fates = team.members.map((m) => `${m.spec.name}: ${m.exit ? describeExit(m.exit) : 'running'}`).join('; ');
    throw new IterationStop('failed', team.live().length === 0 ? `no agent proposed an action: every agent exited first (${fates})` : `no agent proposed an action before the deadline (${fates})`);
  }
}

/**
 * Handles one chat message of a review room on arrival (in arrival order, never throws):
 * `finding` — recorded as `finding_posted` (at most MAX_FINDINGS_PER_AGENT per agent; only members
 * of the team); `action_proposal` — validated (schema, member, one accepted proposal per agent, the
 * action itself: orchestrator/review/actions/validate-action.ts) and answered with `action_ack`
 * ("option k"; equal actions share an option, keep / no_action is option 0) or `action_rejected`
 * ("rejected: why"), logged as `action_proposed` / `action_rejected`.
 */
export function handleReviewMessage(ctx: ConductorContext, it: IterationState, m: ChatMessage): void {
  const kind = metadataKind(m.metadata);
  if (kind !== 'finding' && kind !== 'action_proposal') return;
  it.proposalChain = it.proposalChain
    .then(() => (kind === 'finding' ? recordFinding(ctx, it, m) : judgeAction(ctx, it, m)))
    .catch((err: unknown) => ctx.logger.error({ err, iteration: it.id }, 'could not handle a review message'));
  it.monitor?.poke();
}

async function recordFinding(ctx: ConductorContext, it: IterationState, m: ChatMessage): Promise<void> {
  const member = it.team?.byAgentId(m.agent_id);
  if (!member) return;
  const parsed = FindingMetadataSchema.safeParse(m.metadata);
  const count = it.findings.get(m.agent_id) ?? 0;
  if (!parsed.success || count >= MAX_FINDINGS_PER_AGENT) {
    const why = parsed.success ? `at most ${MAX_FINDINGS_PER_AGENT} findings per agent are recorded` : `malformed finding: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'metadata'}: ${i.message}`).join('; ')}`;
    await ctx.client.sendMessage({ room_id: it.roomId!, content: `not recorded: ${why}`, reply_to: m.message_id, metadata: { kind: 'finding_rejected', agentId: m.agent_id, reason: why } });
    return;
  }
  it.findings.set(m.agent_id, count + 1);
  const f = parsed.data;
  await ctx.runLog.append({
    type: 'finding_posted',
    iterationId: it.id,
    agentId: m.agent_id,
    agentName: member.spec.name,
    text: f.text,
    ...(f.subject !== undefined ? { subject: f.subject } : {}),
    ...(f.evidence !== undefined ? { evidence: f.evidence } : {}),
  });
}

async function judgeAction(ctx: ConductorContext, it: IterationState, m: ChatMessage): Promise<void> {
  const member = it.team?.byAgentId(m.agent_id);
  const raw = (m.metadata as { action?: unknown }).action;
  const reject = async (reason: string): Promise<void> => {
    if (member && !it.proposals.has(m.agent_id)) it.proposals.set(m.agent_id, { accepted: false });
    await ctx.runLog.append({ type: 'action_rejected', iterationId: it.id, agentId: m.agent_id, action: raw ?? null, reason });
    await ctx.client.sendMessage({ room_id: it.roomId!, content: `rejected: ${reason}`, reply_to: m.message_id, metadata: { kind: 'action_rejected', proposalMessageId: m.message_id, agentId: m.agent_id, reason } });
    it.monitor?.poke();
  };
  if (it.proposalsClosed) return reject('the findings phase is over');
  if (!member) return reject('only the agents of this review may propose actions');
  if (it.proposals.get(m.agent_id)?.accepted) return reject('one action proposal per agent: yours was already accepted');
  const parsed = ActionProposalMetadataSchema.safeParse(m.metadata);
  if (!parsed.success) return reject(`malformed action proposal: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'metadata'}: ${i.message}`).join('; ')}`);
  const valid = await validateAction({ repo: ctx.repo, space: ctx.target.space, current: it.baseParams, frozen: it.stepLimits.frozen }, parsed.data.action);
  if (!valid.ok) return reject(valid.reason);

  let option = 0;
  // Option 0 (nothing changes) carries the first no-op action proposed (keep or no_action), so the
  // action carried out is logged as the reviewers put it.
  if (isNoOp(valid.action) && it.options[0] && !it.options[0].action) it.options[0].action = valid.action;
  if (!isNoOp(valid.action)) {
    const key = actionKey(valid.action);
    const existing = it.options.find((o) => o.index > 0 && o.action && actionKey(o.action) === key);
    if (existing) option = existing.index;
    else {
      option = it.options.length;
      const changes: Params = {};
      if (valid.restore) for (const [k, v] of Object.entries(valid.restore.params)) if (it.baseParams[k] !== v) changes[k] = v;
      it.options.push({ index: option, label: `option ${option}: ${valid.label}`, changes, proposedBy: [], action: valid.action });
    }
  }
  it.options[option]!.proposedBy.push(member.spec.name);
  it.proposals.set(m.agent_id, { accepted: true, option });
  await ctx.runLog.append({ type: 'action_proposed', iterationId: it.id, agentId: m.agent_id, option, action: valid.action, rationale: parsed.data.rationale });
  await ctx.client.sendMessage({ room_id: it.roomId!, content: `option ${option}`, reply_to: m.message_id, metadata: { kind: 'action_ack', option, proposalMessageId: m.message_id, agentId: m.agent_id, action: valid.action } });
  const task = (await ctx.client.listTasks(it.roomId!)).find((t) => t.assignee === m.agent_id);
  if (task) await ctx.client.updateTask({ task_id: task.task_id, status: 'completed', note: `action accepted as option ${option}` });
  it.monitor?.poke();
}
