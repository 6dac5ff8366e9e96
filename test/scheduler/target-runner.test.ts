import { readFile } from 'node:fs/promises';
import { simpleGit } from 'simple-git';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pauseTarget, resumeTarget } from '../../orchestrator/control/pause-state.js';
import { readRunning } from '../../orchestrator/control/running-file.js';
import { scheduledIterationId } from '../../orchestrator/runlog/iteration-id.js';
import { TickSchedule } from '../../orchestrator/scheduler/tick-schedule.js';
import { makeRunnerHarness, silentTeam, type RunnerHarness } from './helpers/runner-harness.js';
import { events, until } from './helpers/wait.js';

let h: RunnerHarness;
beforeEach(async () => {
  h = await makeRunnerHarness();
});
afterEach(async () => {
  await h.cleanup();
});

/** The current second as a tick. */
const nowTick = (offsetMs = 0): Date => new Date(Math.floor((Date.now() + offsetMs) / 1000) * 1000);

describe('the target runner', () => {
  it('runs the iteration a tick names; the same tick again is already finished (no second run, no second commit)', async () => {
    const runner = h.runner();
    const tick = nowTick();
    const id = scheduledIterationId('fake', 'tune', tick);
    const first = await runner.runTick(tick);
    expect(first).toMatchObject({ outcome: 'ran', iterationId: id });
    if (first.outcome !== 'ran') throw new Error('did not run');
    expect(['applied', 'no_change']).toContain(first.result.status);
    const again = await h.runner(h.settings(), 'another-process').runTick(tick);
    expect(again).toMatchObject({ outcome: 'already_finished', iterationId: id });
    const all = await events(h.runsDir, 'fake');
    expect(all.filter((e) => e.type === 'iteration_started' && e.iterationId === id)).toHaveLength(1);
    expect(all.find((e) => e.type === 'iteration_started' && e.iterationId === id)).toMatchObject({ trigger: 'schedule', runId: 'test-run' });
    const log = await simpleGit(h.target.repoDir).log();
    expect(log.all.filter((c) => c.body.includes(id))).toHaveLength(first.result.status === 'applied' ? 1 : 0);
    expect(await readRunning(h.runsDir, 'fake')).toBeNull();
  });

  it('records a tick that comes while an iteration runs as skipped, naming that iteration; the same tick is a duplicate', async () => {
    const settings = h.settings(silentTeam(2_500));
    const a = h.runner(settings, 'process-a');
    const b = h.runner(settings, 'process-b');
    const t1 = nowTick();
    const t1Id = scheduledIterationId('fake', 'tune', t1);
    const running = a.runTick(t1);
    const status = await until('the iteration to reach propose', async () => {
      const r = await readRunning(h.runsDir, 'fake');
      return r?.phase === 'propose' ? r : undefined;
    });
    expect(status).toMatchObject({ iterationId: t1Id, trigger: 'schedule', runId: 'process-a', pid: process.pid });
    expect(await b.runTick(t1)).toMatchObject({ outcome: 'duplicate', iterationId: t1Id });
    const t2 = new Date(t1.getTime() + 1_000);
    const skipped = await b.runTick(t2);
    expect(skipped.outcome).toBe('skipped');
    expect(await running).toMatchObject({ outcome: 'ran', iterationId: t1Id });
    const all = await events(h.runsDir, 'fake');
    const t2Id = scheduledIterationId('fake', 'tune', t2);
    const finished = all.filter((e) => e.type === 'iteration_finished');
    expect(finished.map((e) => e.iterationId)).toEqual([t1Id, t2Id]); // recorded by the lock holder, after its own iteration
    const t2Finish = finished[1] as Extract<(typeof finished)[number], { type: 'iteration_finished' }>;
    expect(t2Finish.status).toBe('skipped');
    expect(t2Finish.reason).toContain(t1Id);
    const started = all.filter((e) => e.type === 'iteration_started');
    expect(started.map((e) => (e as { n: number }).n)).toEqual([1, 2]);
  });

  it('a late tick is missed: not run and not recorded', async () => {
    const runner = h.runner();
    const tick = nowTick(-10 * 60_000);
    const outcome = await runner.runTick(tick, { missedAfterMs: 60_000 });
    expect(outcome.outcome).toBe('missed');
    if (outcome.outcome === 'missed') expect(outcome.reason).toMatch(/no backfill/);
    expect(await events(h.runsDir, 'fake')).toEqual([]);
  });

  it('records ticks BullMQ skipped during a long iteration as skipped, and downtime ticks not at all', async () => {
    const settings = h.settings(silentTeam(2_500));
    const runner = h.runner(settings);
    const schedule = new TickSchedule({ every: 1_000 });
    const t0 = nowTick();
    expect((await runner.runTick(t0, { schedule })).outcome).toBe('ran');
    const t0Record = (await runner.runLog.fold()).iterations[0]!;
    const later = nowTick(3_000);
    expect((await runner.runTick(later, { schedule })).outcome).toBe('ran');
    const records = (await runner.runLog.fold()).iterations;
    const start = Date.parse(t0Record.startedAt);
    const end = Date.parse(t0Record.finishedAt!);
    const expectedSkipped = schedule
      .between(t0, later)
      .filter((t) => t.getTime() >= start && t.getTime() < end)
      .map((t) => scheduledIterationId('fake', 'tune', t));
    expect(expectedSkipped.length).toBeGreaterThanOrEqual(1);
    const skipped = records.filter((r) => r.status === 'skipped').map((r) => r.iterationId);
    expect(skipped).toEqual(expectedSkipped);
    for (const r of records.filter((r) => r.status === 'skipped')) expect(r.reason).toContain(t0Record.iterationId);
    // Every tick between t0 and `later` is either recorded or fell after t0's iteration (nothing ran then: missed).
    const missed = schedule.between(t0, later).filter((t) => t.getTime() >= end);
    for (const t of missed) expect(records.some((r) => r.iterationId === scheduledIterationId('fake', 'tune', t))).toBe(false);
    schedule.dispose();
  });

  it('pause stops ticks (not run, not recorded) but not kicks; resume lets ticks run again', async () => {
    const runner = h.runner();
    await pauseTarget(h.runsDir, 'fake', 'maintenance');
    const paused = await runner.runTick(nowTick());
    expect(paused).toMatchObject({ outcome: 'paused', pause: { source: 'pause', reason: 'maintenance' } });
    expect(await events(h.runsDir, 'fake')).toEqual([]);
    const kicked = await runner.runKick();
    expect(kicked.outcome).toBe('ran');
    expect(await resumeTarget(h.runsDir, 'fake')).toBe(true);
    expect(await resumeTarget(h.runsDir, 'fake')).toBe(false);
    expect((await runner.runTick(nowTick(1_000))).outcome).toBe('ran');
    const started = (await events(h.runsDir, 'fake')).filter((e) => e.type === 'iteration_started');
    expect(started.map((e) => (e as { trigger: string }).trigger)).toEqual(['manual', 'schedule']);
  });

  it('a kick on a busy target fails with target_busy, or waits for it with wait', async () => {
    const settings = h.settings(silentTeam(1_500));
    const a = h.runner(settings, 'process-a');
    const b = h.runner(settings, 'process-b');
    const running = a.runTick(nowTick());
    await until('an iteration to run', async () => (await readRunning(h.runsDir, 'fake')) ?? undefined);
    await expect(b.runKick({ at: nowTick(2_000) })).rejects.toMatchObject({ code: 'target_busy', message: expect.stringMatching(/busy: iteration fake-tune-.* is running in pid/) });
    const waited = b.runKick({ wait: true, at: nowTick(5_000) });
    await running;
    const after = await waited;
    expect(after, JSON.stringify(after)).toMatchObject({ outcome: 'ran' });
  });

  it('a review kick runs a review iteration under the same lock: findings, a decided action, nothing changed without cause', async () => {
    const runner = h.runner();
    const at = nowTick();
    const outcome = await runner.runKick({ kind: 'review', at });
    expect(outcome).toMatchObject({ outcome: 'ran', iterationId: scheduledIterationId('fake', 'review', at) });
    const record = (await runner.runLog.fold()).iterations[0]!;
    expect(record).toMatchObject({ kind: 'review', trigger: 'manual', complete: true });
    // With no iteration to review, the local reviewer's rules find nothing to undo: keep.
    expect(record.status, record.reason).toBe('no_change');
    const all = await events(h.runsDir, 'fake');
    expect(all.filter((e) => e.type === 'action_proposed').map((e) => (e as { action: { kind: string } }).action.kind)).toEqual(['keep']);
    expect(all.find((e) => e.type === 'action_taken')).toMatchObject({ action: { kind: 'keep' }, done: true });
    expect(JSON.parse(await readFile(h.target.configPath, 'utf8'))).toEqual({ a: 1, b: 0.5 });
    expect(await readRunning(h.runsDir, 'fake')).toBeNull();
  });
});
