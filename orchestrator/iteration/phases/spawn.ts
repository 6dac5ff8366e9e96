import path from 'node:path';
import { defaultPromptsDir, saveAgentPrompt } from '../../../prompts/agent-prompt.js';
import type { AgentSpec } from '../../../workers/runtimes/agent-runtime.js';
import { pickRuntimeOptions } from '../../../workers/runtimes/claude-code/settings.js';
import { checkBudget } from '../../budget/budget-check.js';
import { IterationStop } from '../iteration-errors.js';
import type { ConductorContext, IterationState } from '../iteration-state.js';
import { Team } from '../team.js';
import type { AgentSlot, LoadedSettings } from '../../settings/settings.js';
import type { IterationKind } from '../../runlog/events/iteration-events.js';

/**
 * Phase 2, spawn: checks the cost caps first (orchestrator/budget: an iteration that could exceed
 * one is skipped with the reason), then starts a fresh agent process per team slot
 * (settings.team) — LLM agents get their role prompt rendered from the templates (prompts/, saved
 * as `<name>.prompt.md`), their slot's options and the target repo at the base commit — gives
 * each a task in the room, and waits until every live agent has joined the room or the spawn
 * deadline passes; agents that have not joined by then are killed and recorded.
 */
export async function spawnPhase(ctx: ConductorContext, it: IterationState): Promise<void> {
  const caps = ctx.settings.budget ?? {};
  const slots = teamSlots(ctx.settings, it.kind);
  const spent = caps.perDayUsd === undefined && caps.maxIterationsPerDay === undefined ? [] : (await ctx.runLog.fold()).iterations;
  const budget = checkBudget(caps, slots, spent);
  if (!budget.ok) throw new IterationStop('skipped', budget.reason);
  const promptsDir = ctx.settings.promptsDir ? path.resolve(ctx.settings.baseDir, ctx.settings.promptsDir) : defaultPromptsDir();
  const monitor = it.monitor!;
  const team = new Team(ctx.runLog, it.id, ctx.runtimes, () => monitor.poke());
  it.team = team;
  const deadline = Date.now() + ctx.settings.deadlines.spawnMs;

  for (const [i, slot] of slots.entries()) {
    const name = slot.name ?? `${slot.role}-${i + 1}`;
    const spec: AgentSpec = {
      agentId: `${it.id}.${name}`,
      name,
      role: slot.role,
      heuristic: slot.heuristic,
      seed: seedOf(it.id, i),
      iterationId: it.id,
      chat: { url: ctx.chat.url, key: ctx.chat.key, roomId: it.roomId! },
      target: { file: ctx.target.definitionFile, runsDir: ctx.settings.runsDirAbs, definition: ctx.target.definition },
      logDir: it.dir,
      options: pickRuntimeOptions(slot),
      workspace: { repoDir: ctx.target.repoDir, commit: it.baseCommit },
    };
    if (slot.runtime !== 'local') spec.prompt = await saveAgentPrompt(promptsDir, it.brief!, { name, agentId: spec.agentId, role: slot.role }, it.dir);
    await team.spawn(slot, spec);
    await ctx.client.assignTask({
      room_id: it.roomId!,
      title: slot.role === 'tuner' && it.kind === 'tune' ? `Propose one change (${slot.heuristic ?? slot.runtime})` : 'Review recent iterations',
      description:
        it.kind === 'review'
          ? `Read the brief and the run log, post findings (metadata.kind="finding") and one action proposal (metadata.kind="action_proposal"), vote, decide if elected.`
          : `Read the brief, search in-sample, post one proposal (metadata.kind="proposal"), vote, decide if elected.`,
      assignee: spec.agentId,
    });
  }

  const joined = (agentId: string): boolean => monitor.find('agent_joined', (e) => e.payload.agent.agent_id === agentId) !== undefined;
  const allJoined = await monitor.until(() => team.live().every((m) => joined(m.spec.agentId)), deadline, it.signal);
  if (!allJoined) {
    await Promise.all(team.live().filter((m) => !joined(m.spec.agentId)).map((m) => m.handle.kill('did not join the room before the spawn deadline')));
  }
  await it.clock.end(!allJoined);
}

/** A 31-bit seed from the iteration id and slot index (FNV-1a), so re-runs search the same way. */
export function seedOf(iterationId: string, slot: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${iterationId}#${slot}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}

/**
 * The slots spawned for an iteration of `kind`: the team for tune iterations; for review
 * iterations settings.review.team, else the team's slots as reviewers (same runtimes and names).
 */
export function teamSlots(settings: LoadedSettings, kind: IterationKind): AgentSlot[] {
  if (kind !== 'review') return settings.team;
  return settings.review?.team ?? settings.team.map((slot, i) => ({ ...slot, role: 'reviewer' as const, name: slot.name ?? `reviewer-${i + 1}` }));
}
