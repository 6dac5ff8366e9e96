import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBudget, spentOnDay, teamReserveUsd } from '../../orchestrator/budget/budget-check.js';
import type { IterationRecord } from '../../orchestrator/runlog/fold/iteration-record.js';
import { makeHarness, type Harness } from '../iteration/harness.js';

const record = (startedAt: string, costs: number[]): IterationRecord => ({ startedAt, agents: costs.map((costUsd, i) => ({ agentId: `a${i}`, exited: true, costUsd })) }) as unknown as IterationRecord;

describe('budget caps (unit)', () => {
  it('the team reserve: claude-code agents their maxBudgetUsd (default 1), command agents theirs if set, local nothing', () => {
    expect(teamReserveUsd([{ runtime: 'claude-code' }, { runtime: 'claude-code', maxBudgetUsd: 0.25 }, { runtime: 'command', maxBudgetUsd: 0.5 }, { runtime: 'command' }, { runtime: 'local' }])).toBe(1.75);
  });

  it('today’s spend counts only iterations started on that UTC day', () => {
    const records = [record('2026-11-21T23:59:59.000Z', [5]), record('2026-11-22T00:00:01.000Z', [0.5, 0.25]), record('2026-11-22T12:00:00.000Z', [1])];
    expect(spentOnDay(records, '2026-11-22')).toBe(1.75);
  });

  it('per-iteration and per-day caps; no caps, no check', () => {
    const team = [{ runtime: 'claude-code', maxBudgetUsd: 0.75 }, { runtime: 'claude-code', maxBudgetUsd: 0.75 }];
    const now = new Date('2026-11-22T15:00:00Z');
    expect(checkBudget({}, team, [record('2026-11-22T01:00:00Z', [100])], now)).toMatchObject({ ok: true, reserveUsd: 1.5 });
    expect(checkBudget({ perIterationUsd: 1 }, team, [], now)).toEqual({
      ok: false,
      reserveUsd: 1.5,
      spentTodayUsd: 0,
      reason: 'over budget: the team may spend up to $1.50 (its agents\' maxBudgetUsd), above the per-iteration cap of $1.00',
    });
    const spent = [record('2026-11-22T01:00:00Z', [2, 1.25])];
    expect(checkBudget({ perDayUsd: 5 }, team, spent, now)).toMatchObject({ ok: true, spentTodayUsd: 3.25 });
    expect(checkBudget({ perDayUsd: 4 }, team, spent, now)).toMatchObject({
      ok: false,
      reason: 'over budget: $3.25 spent today (UTC 2026-11-22) plus up to $1.50 for this iteration exceeds the daily cap of $4.00',
    });
  });
});

describe('budget caps in an iteration (real conductor, real chat server)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('an iteration over the per-iteration cap is skipped with the reason before any agent is spawned', async () => {
    const slot = { role: 'tuner', runtime: 'claude-code', maxBudgetUsd: 1 };
    const conductor = await h.open(h.settings({ team: [slot, slot], budget: { perIterationUsd: 1.5 } }));
    const result = await conductor.runIteration();
    expect(result.status).toBe('skipped');
    expect(result.reason).toBe("over budget: the team may spend up to $2.00 (its agents' maxBudgetUsd), above the per-iteration cap of $1.50");
    const { events } = await conductor.runLog.read();
    expect(events.filter((e) => e.type === 'agent_spawned')).toEqual([]);
    expect(events.find((e) => e.type === 'iteration_finished')).toMatchObject({ status: 'skipped', reason: result.reason });
  });

  it('the daily cap counts what earlier iterations of the day spent', async () => {
    const settings = h.settings({ team: [{ role: 'tuner', runtime: 'claude-code' }], budget: { perDayUsd: 5 } });
    const conductor = await h.open(settings);
    const id = 'strategy-c-tune-000001';
    const log = conductor.runLog;
    await log.append({ type: 'iteration_started', iterationId: id, n: 1, kind: 'tune', trigger: 'manual', runId: 'earlier', params: { sigma: 0.003 }, baseCommit: null });
    await log.append({ type: 'agent_spawned', iterationId: id, agentId: `${id}.tuner-1`, name: 'tuner-1', role: 'tuner', runtime: 'claude-code', pid: 1 });
    await log.append({ type: 'agent_exited', iterationId: id, agentId: `${id}.tuner-1`, exitCode: 0, signal: null, durationMs: 1000, reason: 'finished', costUsd: 4.5 });
    await log.append({ type: 'iteration_finished', iterationId: id, status: 'no_change', reason: '', durationMs: 1000 });
    const result = await conductor.runIteration();
    expect(result.n).toBe(2);
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/^over budget: \$4\.50 spent today \(UTC \d{4}-\d{2}-\d{2}\) plus up to \$1\.00 for this iteration exceeds the daily cap of \$5\.00$/);
  });
});
