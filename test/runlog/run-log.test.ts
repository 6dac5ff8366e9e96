import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  foldIterations,
  iterationId,
  parseIterationId,
  parseRunLogText,
  RunLog,
  RunLogError,
  runPaths,
  scheduledIterationId,
  type RunLogEventInput,
} from '../../orchestrator/runlog/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-runlog-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

let clock = Date.parse('2026-02-24T15:15:00.000Z');
const now = () => new Date((clock += 1000));

/** The events of one complete tune iteration, as the pipeline would write them. */
function iterationEvents(id: string, n: number, pnl: number): RunLogEventInput[] {
  return [
    { type: 'iteration_started', iterationId: id, n, kind: 'tune', trigger: 'manual', runId: 'run-1', params: { half_spread_base: 0.025, bid_size: 8 }, baseCommit: 'a'.repeat(40), segment: { from: 48, to: 51 }, inSample: { from: 0, to: 48 } },
    { type: 'phase_completed', iterationId: id, phase: 'brief', durationMs: 12 },
    { type: 'agent_spawned', iterationId: id, agentId: 'ag-1', name: 'tuner-1', role: 'tuner', runtime: 'local', heuristic: 'coordinate', pid: 1234 },
    { type: 'agent_spawned', iterationId: id, agentId: 'ag-2', name: 'tuner-2', role: 'tuner', runtime: 'claude-code', pid: 1235 },
    { type: 'phase_completed', iterationId: id, phase: 'spawn', durationMs: 80 },
    { type: 'proposal_received', iterationId: id, agentId: 'ag-1', option: 1, changes: { half_spread_base: 0.03 }, hypothesis: 'wider spread, fewer adverse fills', evidence: { inSamplePnl: 1.2 }, inSampleScore: 1.2 },
    { type: 'proposal_rejected', iterationId: id, agentId: 'ag-2', changes: { half_spread_base: 'wide' }, reason: 'half_spread_base: expected a number, got "wide" (a string)' },
    { type: 'vote_closed', iterationId: id, voteId: 'v1', options: ['keep current config', 'option 1: half_spread_base: 0.025 → 0.03'], tally: [{ optionIndex: 0, optionText: 'keep current config', count: 0 }, { optionIndex: 1, optionText: 'option 1', count: 2 }], ballots: [{ agentId: 'ag-1', agentName: 'tuner-1', optionIndex: 1 }, { agentId: 'ag-2', agentName: 'tuner-2', optionIndex: 1 }] },
    { type: 'leader_elected', iterationId: id, leaderId: 'ag-1', leaderName: 'tuner-1' },
    { type: 'decision_made', iterationId: id, by: 'ag-1', byName: 'tuner-1', option: 1, changes: { half_spread_base: 0.03 }, rationale: 'top of the vote' },
    { type: 'config_committed', iterationId: id, commit: 'b'.repeat(40), diff: [{ param: 'half_spread_base', old: 0.025, new: 0.03 }], message: 'strategy-c #1' },
    { type: 'pnl_measured', iterationId: id, pnl, segment: { from: 48, to: 51 }, metrics: { pnl, trades: 40, fills: 12 }, baselinePnl: 0.1 },
    { type: 'agent_exited', iterationId: id, agentId: 'ag-1', exitCode: 0, signal: null, durationMs: 2500, reason: 'finished' },
    { type: 'agent_exited', iterationId: id, agentId: 'ag-2', exitCode: null, signal: 'SIGKILL', durationMs: 3000, reason: 'killed at deadline', turns: 4, costUsd: 0.12, tokens: { input: 1000, output: 200 } },
    { type: 'iteration_finished', iterationId: id, status: 'applied', reason: 'decided option 1', durationMs: 3100 },
  ];
}

describe('run log append and read', () => {
  it('appends validated events, one JSON line each, and reads them back', async () => {
    const log = RunLog.forTarget(dir, 'strategy-c', { now });
    const id = iterationId('strategy-c', 'tune', 1);
    for (const e of iterationEvents(id, 1, 0.42)) await log.append(e);
    await log.close();
    const text = await readFile(path.join(dir, 'strategy-c', 'events.jsonl'), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(15);
    const first = JSON.parse(lines[0]!);
    expect(Object.keys(first).slice(0, 5)).toEqual(['v', 'ts', 'target', 'iterationId', 'type']);
    expect(first).toMatchObject({ v: 1, target: 'strategy-c', iterationId: 'strategy-c-tune-000001', type: 'iteration_started', n: 1 });
    const read = await log.read();
    expect(read.skipped).toEqual([]);
    expect(read.events.map((e) => e.type)).toEqual(iterationEvents(id, 1, 0).map((e) => e.type));
  });

  it('refuses invalid events and writes nothing', async () => {
    const log = RunLog.forTarget(dir, 'strategy-c', { now });
    const bad = [
      { type: 'phase_completed', iterationId: 'x', phase: 'brief', durationMs: -1 },
      { type: 'pnl_measured', iterationId: 'x', pnl: Number.NaN, segment: { from: 0, to: 3 }, metrics: { pnl: 0 } },
      { type: 'no_such_event', iterationId: 'x' },
      { type: 'iteration_finished', iterationId: 'x', status: 'great', reason: '', durationMs: 1 },
      { type: 'leader_elected', iterationId: 'x', leaderId: 'a', leaderName: 'b', target: 'other-target' },
    ];
    for (const e of bad) {
      const error = await log.append(e as unknown as RunLogEventInput).catch((x: unknown) => x);
      expect(error, JSON.stringify(e)).toBeInstanceOf(RunLogError);
      expect((error as RunLogError).code).toBe('run_log_invalid_event');
    }
    expect((await log.read()).events).toEqual([]);
    await expect(readFile(log.file, 'utf8')).rejects.toThrow(/ENOENT/);
    const error = await log.append(bad[0] as unknown as RunLogEventInput).catch((x: unknown) => x as Error);
    expect((error as Error).message).toContain('invalid phase_completed event: durationMs: ');
  });

  it('skips malformed, truncated and invalid lines with their line numbers, keeps unknown types', async () => {
    const log = RunLog.forTarget(dir, 'strategy-c', { now });
    const id = iterationId('strategy-c', 'tune', 1);
    const [started, phase] = iterationEvents(id, 1, 0);
    await log.append(started!);
    await log.close();
    const valid = { v: 1, ts: '2026-02-24T15:16:00.000Z', target: 'strategy-c', iterationId: id };
    await appendFile(log.file, [
      'this is not json',
      JSON.stringify({ ...valid, type: 'agent_exited', agentId: 'a', exitCode: 'zero' }),
      JSON.stringify({ ...valid, v: 2, type: 'phase_completed', phase: 'x', durationMs: 1 }),
      '',
      JSON.stringify({ ...valid, type: 'review_finding', finding: 'half_spread_base has no effect' }),
      JSON.stringify([1, 2]),
      '{"v":1,"ts":"2026-02-24T15:16:00.000Z","target":"strategy-c","iteratio',
    ].join('\n'));
    // the writer starts a new line after the truncated one
    await log.append(phase!);
    await appendFile(log.file, '{"v":1,"ts":"2026');
    const read = await log.read();
    expect(read.events.map((e) => e.type)).toEqual(['iteration_started', 'phase_completed']);
    expect(read.unknownEvents).toEqual([{ line: 6, event: expect.objectContaining({ type: 'review_finding', finding: 'half_spread_base has no effect' }) }]);
    expect(read.skipped.map((s) => [s.line, s.reason])).toEqual([
      [2, 'not JSON'],
      [3, expect.stringMatching(/^agent_exited: exitCode: .*; signal: .*; durationMs: .*; reason: /)],
      [4, 'unsupported event version 2 (this itercrew reads v1)'],
      [7, expect.stringMatching(/^\(event\): /)],
      [8, 'not JSON'],
      [10, 'not JSON (truncated line at end of file)'],
    ]);
    expect(read.skipped[0]!.text).toBe('this is not json');
    // the same through the in-memory parser
    const again = parseRunLogText(await readFile(log.file, 'utf8'));
    expect(again.skipped).toEqual(read.skipped);
    expect(again.events).toEqual(read.events);
    // folding still works and attaches the unknown event
    const fold = await log.fold();
    expect(fold.iterations).toHaveLength(1);
    expect(fold.iterations[0]!.otherEvents.map((e) => e.type)).toEqual(['review_finding']);
    expect(fold.skipped).toHaveLength(6);
  });

  it('a missing log is empty', async () => {
    const log = RunLog.forTarget(dir, 'nothing-yet');
    expect(await log.read()).toEqual({ events: [], unknownEvents: [], skipped: [], lines: 0 });
    expect(await log.nextIterationNumber()).toBe(1);
    expect(await log.lastIteration()).toBeUndefined();
  });

  it('concurrent appends from several writers never interleave within a line', async () => {
    const file = runPaths(dir, 'strategy-c').eventsFile;
    const writers = [0, 1, 2, 3].map(() => new RunLog({ file, target: 'strategy-c', now }));
    const big = 'x'.repeat(20_000);
    await Promise.all(
      writers.flatMap((w, k) =>
        Array.from({ length: 50 }, (_, i) => w.append({ type: 'phase_completed', iterationId: `strategy-c-tune-00000${k + 1}`, phase: `p${i}-${big}`, durationMs: i })),
      ),
    );
    await Promise.all(writers.map((w) => w.close()));
    const read = await writers[0]!.read();
    expect(read.skipped).toEqual([]);
    expect(read.events).toHaveLength(200);
    for (let k = 0; k < 4; k++) {
      const mine = read.events.filter((e) => e.iterationId === `strategy-c-tune-00000${k + 1}`);
      expect(mine.map((e) => (e.type === 'phase_completed' ? e.durationMs : -1))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    }
  });
});

describe('fold', () => {
  it('folds events into iteration records in order, incomplete ones marked', async () => {
    const log = RunLog.forTarget(dir, 'strategy-c', { now });
    const id1 = iterationId('strategy-c', 'tune', 1);
    const id2 = iterationId('strategy-c', 'tune', 2);
    const id3 = iterationId('strategy-c', 'tune', 3);
    for (const e of iterationEvents(id1, 1, 0.5)) await log.append(e);
    for (const e of iterationEvents(id2, 2, -0.2)) await log.append(e);
    for (const e of iterationEvents(id3, 3, 0).slice(0, 5)) await log.append(e);
    const { iterations } = await log.fold();
    expect(iterations.map((r) => [r.iterationId, r.n, r.status, r.complete])).toEqual([
      [id1, 1, 'applied', true],
      [id2, 2, 'applied', true],
      [id3, 3, 'incomplete', false],
    ]);
    const r = iterations[0]!;
    expect(r).toMatchObject({
      kind: 'tune',
      trigger: 'manual',
      runId: 'run-1',
      baseParams: { half_spread_base: 0.025, bid_size: 8 },
      segment: { from: 48, to: 51 },
      inSample: { from: 0, to: 48 },
      phases: [{ phase: 'brief', durationMs: 12 }, { phase: 'spawn', durationMs: 80 }],
      leader: { leaderId: 'ag-1', leaderName: 'tuner-1' },
      decision: { by: 'ag-1', byName: 'tuner-1', option: 1, changes: { half_spread_base: 0.03 }, rationale: 'top of the vote' },
      commit: { sha: 'b'.repeat(40), diff: [{ param: 'half_spread_base', old: 0.025, new: 0.03 }], message: 'strategy-c #1' },
      diff: [{ param: 'half_spread_base', old: 0.025, new: 0.03 }],
      pnl: { pnl: 0.5, segment: { from: 48, to: 51 }, metrics: { pnl: 0.5, trades: 40, fills: 12 }, baselinePnl: 0.1 },
      cumulativePnl: 0.5,
      costUsd: 0.12,
      reason: 'decided option 1',
      durationMs: 3100,
      attempts: 1,
    });
    expect(r.agents).toEqual([
      { agentId: 'ag-1', name: 'tuner-1', role: 'tuner', runtime: 'local', heuristic: 'coordinate', pid: 1234, exited: true, exitCode: 0, signal: null, durationMs: 2500, reason: 'finished' },
      { agentId: 'ag-2', name: 'tuner-2', role: 'tuner', runtime: 'claude-code', pid: 1235, exited: true, exitCode: null, signal: 'SIGKILL', durationMs: 3000, reason: 'killed at deadline', turns: 4, costUsd: 0.12, tokens: { input: 1000, output: 200 } },
    ]);
    expect(r.proposals).toEqual([expect.objectContaining({ agentId: 'ag-1', option: 1, changes: { half_spread_base: 0.03 }, inSampleScore: 1.2, evidence: { inSamplePnl: 1.2 } })]);
    expect(r.rejectedProposals).toEqual([expect.objectContaining({ agentId: 'ag-2', changes: { half_spread_base: 'wide' } })]);
    expect(r.votes[0]!.ballots).toHaveLength(2);
    expect(iterations[1]!.cumulativePnl).toBeCloseTo(0.3, 12);
    expect(iterations[2]!.reason).toMatch(/^no iteration_finished event/);
    expect(iterations[2]!.agents.map((a) => a.exited)).toEqual([false, false]);

    expect(await log.nextIterationNumber()).toBe(4);
    expect((await log.lastIteration())!.iterationId).toBe(id3);
    expect(await log.hasFinished(id1)).toBe(true);
    expect(await log.hasFinished(id3)).toBe(false);
    expect((await log.iteration(id2))!.pnl!.pnl).toBe(-0.2);
  });

  it('a re-run of an interrupted iteration starts its record afresh and counts attempts', () => {
    const id = iterationId('strategy-c', 'tune', 1);
    const base = { v: 1 as const, target: 'strategy-c', iterationId: id };
    const events = iterationEvents(id, 1, 0.3).map((e, i) => ({ ...base, ts: new Date(Date.UTC(2026, 1, 24, 15, 0, i)).toISOString(), ...e }));
    const interrupted = events.slice(0, 4);
    const records = foldIterations([...interrupted, ...events] as never);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ attempts: 2, status: 'applied', complete: true });
    expect(records[0]!.agents).toHaveLength(2);
    expect(records[0]!.phases).toHaveLength(2);
  });

  it('a skipped tick without iteration_started still gets a record', () => {
    const id = scheduledIterationId('strategy-c', 'tune', new Date('2026-02-24T15:30:00Z'));
    const records = foldIterations([
      { v: 1, ts: '2026-02-24T15:30:00.010Z', target: 'strategy-c', iterationId: id, type: 'iteration_finished', status: 'skipped', reason: 'previous iteration still running', durationMs: 0 },
    ]);
    expect(records).toEqual([expect.objectContaining({ iterationId: id, status: 'skipped', complete: true, attempts: 0 })]);
    expect(records[0]!.n).toBeUndefined();
  });
});

describe('iteration ids', () => {
  it('are deterministic for run-N and for scheduler ticks, and parse back', () => {
    expect(iterationId('strategy-c', 'tune', 3)).toBe('strategy-c-tune-000003');
    expect(iterationId('strategy-c', 'review', 1234567)).toBe('strategy-c-review-1234567');
    expect(() => iterationId('x', 'tune', 0)).toThrow(RangeError);
    const tick = new Date('2026-02-24T15:15:00.250Z');
    expect(scheduledIterationId('strategy-c', 'tune', tick)).toBe('strategy-c-tune-20260224T151500Z');
    expect(scheduledIterationId('strategy-c', 'tune', new Date(tick))).toBe(scheduledIterationId('strategy-c', 'tune', tick));
    expect(parseIterationId('strategy-c-tune-000003')).toEqual({ target: 'strategy-c', kind: 'tune', n: 3 });
    expect(parseIterationId('strategy-c-review-20260224T151500Z')).toEqual({ target: 'strategy-c', kind: 'review', tick: new Date('2026-02-24T15:15:00Z') });
    expect(parseIterationId('nonsense')).toBeUndefined();
  });

  it('run paths', () => {
    const p = runPaths('/srv/runs', 'strategy-c');
    expect(p).toMatchObject({ targetDir: '/srv/runs/strategy-c', eventsFile: '/srv/runs/strategy-c/events.jsonl', workspaceDir: '/srv/runs/strategy-c/workspace' });
    expect(p.iterationDir('strategy-c-tune-000001')).toBe('/srv/runs/strategy-c/iterations/strategy-c-tune-000001');
    expect(() => p.iterationDir('../x')).toThrow(RangeError);
  });
});

describe('idempotent re-run', () => {
  it('a second process sees what the first wrote', async () => {
    const file = path.join(dir, 'events.jsonl');
    await writeFile(file, '');
    const a = new RunLog({ file, target: 'strategy-c', now });
    const id = iterationId('strategy-c', 'tune', 1);
    for (const e of iterationEvents(id, 1, 1)) await a.append(e);
    const b = new RunLog({ file, target: 'strategy-c' });
    expect(await b.hasFinished(id)).toBe(true);
    expect(await b.nextIterationNumber()).toBe(2);
    await a.close();
  });
});
