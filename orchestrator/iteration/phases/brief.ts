import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatNumber } from '../../target/space/grid.js';
import { briefHistory } from '../brief-history.js';
import { reviewBrief } from '../../review/review-brief.js';
import { stepLimitsFor } from '../../safety/safety-policy.js';
import type { ConductorContext, IterationState } from '../iteration-state.js';
import { RoomMonitor } from '../room-monitor.js';
import type { BriefMetadata } from '../room-messages.js';
import { handleProposal } from './propose.js';
import { handleReviewMessage } from '../../review/phases/findings.js';

/**
 * Phase 1, brief: creates the iteration room as a sub-room of the target's room, starts
 * listening to it (proposals are validated from the first moment), and posts the brief — the
 * iteration, current config, space, invariants, the last K iterations, objective, in-sample
 * windows and the phase deadlines. The brief is also saved as `brief.json` in the iteration folder.
 */
export async function briefPhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const { client, target, settings } = ctx;
  const room = await client.createRoom({
    name: `${it.id}.${randomBytes(3).toString('hex')}`,
    parent_id: ctx.targetRoomId,
    description: `${target.name} iteration ${it.n} (${it.kind}, ${it.trigger})`,
  });
  await client.joinRoom(room.room_id);
  it.roomId = room.room_id;
  it.monitor = new RoomMonitor(client, room.room_id);
  it.monitor.onMessage((m) => (it.kind === 'review' ? handleReviewMessage(ctx, it, m) : handleProposal(ctx, it, m)));

  const d = settings.deadlines;
  const now = Date.now();
  const propose = now + d.spawnMs + d.proposeMs;
  const vote = propose + d.voteMs;
  const decide = vote + ctx.electionOptOutMs + d.decideMs;
  const fold = await ctx.runLog.fold();
  it.stepLimits = stepLimitsFor(settings, target, fold.iterations);
  const frozen = new Set(it.stepLimits.frozen.map((f) => f.param));
  const space = Object.fromEntries(
    Object.entries(target.space.params)
      .filter(([, spec]) => spec.tunable)
      .map(([name, spec]) => [name, { ...spec, tunable: undefined, ...(frozen.has(name) ? { frozen: true } : {}) }]),
  );
  const history = briefHistory(fold.iterations, it.kind === 'review' ? settings.review?.iterations ?? 12 : settings.briefHistory);
  const brief: BriefMetadata = {
    kind: 'brief',
    iterationId: it.id,
    n: it.n,
    iterationKind: it.kind,
    target: target.name,
    params: it.baseParams,
    commit: it.baseCommit,
    space: space as BriefMetadata['space'],
    invariants: target.space.invariants.map((i) => ({ name: i.name, expr: i.expr })),
    inSample: it.windows?.inSample ?? { from: 0, to: 1 },
    objective: { metric: target.objective.metric, direction: target.objective.direction },
    history,
    deadlines: { propose: new Date(propose).toISOString(), vote: new Date(vote).toISOString(), decide: new Date(decide).toISOString() },
    maxChangedParams: settings.maxChangedParams,
    stepLimits: it.stepLimits,
    ...(it.kind === 'review' ? { review: reviewBrief(history, { params: it.baseParams, commit: it.baseCommit }) } : {}),
  };
  it.brief = brief;
  await mkdir(it.dir, { recursive: true });
  await writeFile(path.join(it.dir, 'brief.json'), JSON.stringify(brief, null, 2) + '\n');
  await client.sendMessage({ room_id: room.room_id, content: renderBrief(brief), metadata: brief });
}

/** The brief in words (the message content people and LLM agents read). */
export function renderBrief(b: BriefMetadata): string {
  const params = Object.entries(b.params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : String(v)}`)
    .join(', ');
  const hist = b.history.length
    ? b.history.map((h) => `#${h.n} ${h.status} ${h.diff} pnl=${h.pnl === null ? 'n/a' : formatNumber(h.pnl)}${h.flags?.length ? ` [${h.flags.join(', ')}]` : ''}`).join('; ')
    : 'none yet';
  const limits = b.stepLimits;
  return [
    `Brief for ${b.target} iteration ${b.n} (${b.iterationKind}).`,
    `Current config (commit ${b.commit.slice(0, 7)}): ${params}.`,
    `Objective: ${b.objective.direction} ${b.objective.metric}, measured on the next unseen segment. In-sample windows you may evaluate: ${b.inSample.from}..${b.inSample.to - 1}.`,
    b.iterationKind === 'review'
      ? `Review the iterations below: post findings (metadata.kind="finding") and one action (metadata.kind="action_proposal": keep, no_action, revert to a commit, freeze or unfreeze a parameter) by ${b.deadlines.propose}; vote by ${b.deadlines.vote}; the leader decides by ${b.deadlines.decide}.`
      : `Propose at most ${b.maxChangedParams} parameter change(s) inside the space by ${b.deadlines.propose} (metadata.kind="proposal"); vote by ${b.deadlines.vote}; the leader decides by ${b.deadlines.decide}.`,
    ...(limits && limits.frozen.length > 0 ? [`Frozen (no proposal may change them): ${limits.frozen.map((f) => `${f.param} (by ${f.by})`).join(', ')}.`] : []),
    ...(limits?.maxRelativeChange !== undefined ? [`Each numeric parameter may move at most ${formatNumber(limits.maxRelativeChange * 100)} % of its current value per iteration.`] : []),
    `Recent iterations: ${hist}.`,
  ].join('\n');
}
