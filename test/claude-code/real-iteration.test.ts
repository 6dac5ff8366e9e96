import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunLogEvent } from '../../orchestrator/runlog/events/run-log-event.js';
import { runPaths } from '../../orchestrator/runlog/run-paths.js';
import { processGroupAlive } from '../../workers/runtimes/process-group.js';
import { toolExchanges } from '../fixtures/claude/conversation.js';
import { tunerBrain } from '../fixtures/claude/tuner-brain.js';
import { CLAUDE, makeRealHarness, SCRIPTED_KEY, type RealHarness } from './real-harness.js';

let h: RealHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

/** What each agent did (its last request's tool calls), for failure messages. */
function conversations(harness: RealHarness): string {
  const last = new Map<string | null, (typeof harness.api.requests)[number]>();
  for (const r of harness.api.requests) last.set(r.sessionId, r);
  return [...last.values()].map((r) => toolExchanges(r).map((e) => `  ${e.name} ${JSON.stringify(e.input)} → ${e.isError ? 'ERROR ' : ''}${e.text.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n')).join('\n---\n');
}

const ofType = <T extends RunLogEvent['type']>(events: RunLogEvent[], type: T) => events.filter((e): e is Extract<RunLogEvent, { type: T }> => e.type === type);

describe.skipIf(!CLAUDE)('a full iteration with three real Claude Code processes (scripted Messages API)', () => {
  it('they propose, vote, elect a leader who decides; the decision is applied; cost, turns and tokens are in the run log', async () => {
    h = await makeRealHarness(
      tunerBrain({
        'tuner-1': { changes: { half_spread_base: 0.03 } },
        'tuner-2': { changes: { half_spread_base: 0.03 } },
        'tuner-3': { changes: { order_cooldown: 4 }, vote: (options) => options.find((o) => 'half_spread_base' in o.changes)?.index ?? 0 },
      }),
    );
    const slot = { role: 'tuner', runtime: 'claude-code', model: 'claude-sonnet-4-5', maxTurns: 40, maxBudgetUsd: 2 };
    const conductor = await h.open(h.settings({ team: [slot, slot, slot] }));
    const result = await conductor.runIteration();
    const { events } = await conductor.runLog.read();
    const mine = events.filter((e) => e.iterationId === result.iterationId);
    const exits = ofType(mine, 'agent_exited');
    expect(result.status, `${result.reason}\n${exits.map((e) => `${e.agentId}: ${e.reason}`).join('\n')}\n${conversations(h)}`).toBe('applied');
    expect(result.diff).toBe('half_spread_base: 0.025 → 0.03');
    // Option numbers follow arrival order: find the one the two half_spread_base proposals share.
    const received = ofType(mine, 'proposal_received');
    const hsb = received.find((e) => 'half_spread_base' in e.changes)!.option;
    expect(result.decision).toMatchObject({ option: hsb, fallback: false });
    expect(result.decision!.byName).toMatch(/^tuner-[123]$/);

    const ids = [1, 2, 3].map((i) => `${result.iterationId}.tuner-${i}`);
    expect(ofType(mine, 'agent_spawned').map((e) => e.runtime)).toEqual(['claude-code', 'claude-code', 'claude-code']);
    expect(ofType(mine, 'proposal_received').map((e) => e.agentId).sort()).toEqual(ids);
    expect(received.map((e) => e.option).sort()).toEqual([hsb, hsb, 3 - hsb].sort());
    expect(received.filter((e) => e.option === hsb).map((e) => Object.keys(e.changes))).toEqual([['half_spread_base'], ['half_spread_base']]);
    const vote = ofType(mine, 'vote_closed')[0]!;
    expect(vote.ballots.map((b) => b.agentId).sort()).toEqual(ids);
    expect(vote.ballots.every((b) => b.optionIndex === hsb)).toBe(true);
    const decision = ofType(mine, 'decision_made')[0]!;
    expect(ids).toContain(decision.by);
    expect(ofType(mine, 'leader_elected')[0]!.leaderId).toBe(decision.by);

    expect(exits).toHaveLength(3);
    for (const e of exits) {
      expect(e.exitCode, e.reason).toBe(0);
      expect(e.reason).toBe('finished');
      expect(e.turns).toBeGreaterThanOrEqual(7);
      expect(e.costUsd).toBeGreaterThan(0);
      expect(e.tokens?.input).toBeGreaterThan(0);
      expect(e.tokens?.output).toBeGreaterThan(0);
      expect((e as { apiDurationMs?: number }).apiDurationMs).toBeGreaterThanOrEqual(0);
    }

    // Every agent used the scripted API with the key from the settings, in its own session.
    const sessions = new Set(h.api.requests.map((r) => r.sessionId));
    expect(sessions.size).toBe(3);
    expect(new Set(h.api.requests.map((r) => r.credential))).toEqual(new Set([SCRIPTED_KEY]));
    // The prompt was rendered from the brief and saved with the iteration.
    const dir = runPaths(h.dir, h.target.name).iterationDir(result.iterationId);
    const prompt = await readFile(path.join(dir, 'tuner-1.prompt.md'), 'utf8');
    expect(prompt).toContain('you are tuner-1 (tuner)');
    expect(prompt).toMatch(/- half_spread_base \(float, USDC\/share\): 0\.005\.\.0\.1, step 0\.005, at most ±0\.015 per iteration; now 0\.025/);
    expect(prompt).toContain('a pair cost');
    expect(prompt).toContain('---- appended system prompt (system.md) ----');
    for (const f of ['tuner-1.claude.jsonl', 'tuner-2.claude.jsonl', 'tuner-3.claude.jsonl', 'tuner-1.mcp.log', 'tuner-1.stderr.log', 'transcript.jsonl']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    const transcript = (await readFile(path.join(dir, 'tuner-2.claude.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; subtype?: string; mcp_servers?: Array<{ status: string }> });
    expect(transcript[0]).toMatchObject({ type: 'system', subtype: 'init', mcp_servers: [{ status: 'connected' }] });
    expect(transcript.at(-1)!.type).toBe('result');
    // No agent process tree survives.
    for (const e of ofType(mine, 'agent_spawned')) expect(processGroupAlive(e.pid!)).toBe(false);
  });

  it('a Claude agent and local agents are interchangeable in one team', async () => {
    h = await makeRealHarness(tunerBrain({ 'claude-1': { changes: { half_spread_base: 0.03 } } }));
    const conductor = await h.open(
      h.settings({
        team: [
          { role: 'tuner', runtime: 'claude-code', name: 'claude-1' },
          { role: 'tuner', runtime: 'local', heuristic: 'coordinate' },
          { role: 'tuner', runtime: 'local', heuristic: 'random-search' },
        ],
      }),
    );
    const result = await conductor.runIteration();
    expect(['applied', 'no_change'], result.reason).toContain(result.status);
    const { events } = await conductor.runLog.read();
    const mine = events.filter((e) => e.iterationId === result.iterationId);
    expect(ofType(mine, 'proposal_received').map((e) => e.agentId)).toContain(`${result.iterationId}.claude-1`);
    expect(ofType(mine, 'vote_closed')[0]!.ballots).toHaveLength(3);
    for (const e of ofType(mine, 'agent_exited')) expect(e.exitCode, e.reason).toBe(0);
  });
});
