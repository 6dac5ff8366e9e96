import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readParams } from '../../orchestrator/target/config-file/config-file.js';
import { diffParams } from '../../orchestrator/target/diff/params-diff.js';
import { TargetRepo } from '../../orchestrator/target/git/target-repo.js';
import { runPaths } from '../../orchestrator/runlog/run-paths.js';
import type { RunLogEvent } from '../../orchestrator/runlog/events/run-log-event.js';
import { makeHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.cleanup();
});

function ofType<T extends RunLogEvent['type']>(events: RunLogEvent[], type: T, iterationId?: string): Extract<RunLogEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunLogEvent, { type: T }> => e.type === type && (iterationId === undefined || e.iterationId === iterationId));
}

describe('a tune iteration end to end (real agents, real chat server, real git)', () => {
  it('runs two iterations: valid events, commits with trailers, config equals the decision, logged diff equals git', async () => {
    const settings = h.settings({
      team: [
        { role: 'tuner', runtime: 'local', heuristic: 'coordinate' },
        { role: 'tuner', runtime: 'local', heuristic: 'random-search' },
        { role: 'tuner', runtime: 'local', heuristic: 'revert-to-best' },
      ],
    });
    const conductor = await h.open(settings);
    const results = [await conductor.runIteration(), await conductor.runIteration()];
    expect(results.map((r) => r.n)).toEqual([1, 2]);
    for (const r of results) expect(['applied', 'no_change']).toContain(r.status);
    expect(results.some((r) => r.status === 'applied')).toBe(true);

    const { events, skipped } = await conductor.runLog.read();
    expect(skipped).toEqual([]);
    const repo = TargetRepo.forTarget(h.target);
    const git = simpleGit(h.target.repoDir);
    for (const r of results) {
      const id = r.iterationId;
      expect(ofType(events, 'iteration_started', id)).toHaveLength(1);
      expect(ofType(events, 'agent_spawned', id)).toHaveLength(3);
      const exits = ofType(events, 'agent_exited', id);
      expect(exits).toHaveLength(3);
      for (const e of exits) expect(e.exitCode, e.reason).toBe(0);
      expect(ofType(events, 'proposal_received', id).length).toBeGreaterThanOrEqual(1);
      expect(ofType(events, 'decision_made', id)).toHaveLength(1);
      const phases = ofType(events, 'phase_completed', id).map((e) => e.phase);
      expect(phases[0]).toBe('brief');
      expect(phases.at(-1)).toBe('record');
      const measured = ofType(events, 'pnl_measured', id);
      expect(measured).toHaveLength(1);
      expect(measured[0]!.segment).toEqual({ from: 48 + 3 * (r.n - 1), to: 48 + 3 * r.n });
      expect(measured[0]!.pnl).toBeCloseTo(r.pnl!, 9);
      const finished = ofType(events, 'iteration_finished', id);
      expect(finished).toHaveLength(1);
      expect(finished[0]!.status).toBe(r.status);
      // The iteration folder holds the brief, the chat transcript and every agent's output.
      const dir = runPaths(h.runsDir, h.target.name).iterationDir(id);
      for (const f of ['brief.json', 'transcript.jsonl', 'tuner-1.stdout.log', 'tuner-1.stderr.log', 'tuner-3.stderr.log']) expect(existsSync(path.join(dir, f)), f).toBe(true);
      const transcript = (await readFile(path.join(dir, 'transcript.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { metadata: { kind?: string } | null });
      expect(transcript.map((m) => m.metadata?.kind)).toEqual(expect.arrayContaining(['brief', 'proposal', 'result']));

      const decision = ofType(events, 'decision_made', id)[0]!;
      if (r.status === 'applied') {
        const committed = ofType(events, 'config_committed', id)[0]!;
        expect(committed.commit).toBe(r.commit);
        const trailers = await repo.readTrailers(committed.commit);
        expect(trailers['Itercrew-Iteration']).toBe(id);
        expect(trailers['Itercrew-Run']).toBe('test-run');
        expect(trailers['Itercrew-Decided-By']).toContain(decision.byName!);
        // Only the config file is in the commit.
        expect(await repo.changedFiles(committed.commit)).toEqual([h.target.configFile]);
        // The logged diff is git's diff of the config between the commit's parent and the commit.
        const parent = (await git.raw(['rev-parse', `${committed.commit}^`])).trim();
        expect(await repo.configDiff(parent, committed.commit)).toEqual(committed.diff);
        // The committed params are the decision's changes applied to the iteration's start params.
        const started = ofType(events, 'iteration_started', id)[0]!;
        const after = await repo.paramsAt(committed.commit);
        expect(diffParams(started.params, after)).toEqual(committed.diff);
        for (const [k, v] of Object.entries(decision.changes)) expect(after[k]).toBe(v);
      } else {
        expect(ofType(events, 'config_committed', id)).toHaveLength(0);
        expect(r.commit).toBeNull();
      }
    }
    // The config file in the working tree equals the last decision's result and is committed.
    expect(await repo.isConfigClean()).toBe(true);
    const head = (await git.raw(['rev-parse', 'HEAD'])).trim();
    expect(await readParams(h.target.configPath, h.target.paramsKeys)).toEqual(await repo.paramsAt(head));
    // One commit per applied iteration, on top of the seed commit.
    const log = await git.log();
    expect(log.total).toBe(1 + results.filter((r) => r.status === 'applied').length);
  });

  it('rejects garbage proposals one by one with their reasons and still decides on the valid one', async () => {
    const settings = h.settings({
      team: [
        { role: 'tuner', runtime: 'fixture:garbage' },
        { role: 'tuner', runtime: 'local', heuristic: 'coordinate' },
      ],
      // The garbage agent never votes nor decides: short vote and decide deadlines keep this quick.
      // It never gets a proposal accepted either, so the propose phase (which lets a rejected agent
      // retry) lasts until its deadline: long enough for the coordinate tuner, no longer.
      deadlines: { spawnMs: 10_000, proposeMs: 15_000, voteMs: 3_000, decideMs: 3_000, closeMs: 3_000, measureMs: 60_000 },
    });
    const conductor = await h.open(settings);
    const r = await conductor.runIteration();
    const { events } = await conductor.runLog.read();
    const garbageId = `${r.iterationId}.tuner-1`;
    const rejected = ofType(events, 'proposal_rejected', r.iterationId).filter((e) => e.agentId === garbageId);
    const reasons = rejected.map((e) => e.reason);
    expect(reasons).toHaveLength(10);
    expect(reasons[0]).toMatch(/malformed proposal: changes/);
    expect(reasons[1]).toMatch(/no_such_param/);
    expect(reasons[2]).toMatch(/half_spread_base/);
    expect(reasons[3]).toMatch(/half_spread_base/);
    expect(reasons[4]).toMatch(/half_spread_base: 5 is above max/);
    expect(reasons[5]).toMatch(/half_spread_base/);
    expect(reasons[6]).toMatch(/at most 2 per iteration/);
    expect(reasons[7]).toMatch(/fee_rate/);
    expect(reasons[8]).toMatch(/sigma/);
    expect(reasons[9]).toMatch(/bid_size <= max_unpaired|bid_within_unpaired/);
    // Only the good tuner's proposal became an option; the garbage agent still finished cleanly.
    const received = ofType(events, 'proposal_received', r.iterationId);
    expect(received.map((e) => e.agentId)).toEqual([`${r.iterationId}.tuner-2`]);
    for (const e of ofType(events, 'agent_exited', r.iterationId)) expect(e.exitCode).toBe(0);
    expect(['applied', 'no_change']).toContain(r.status);
    if (r.status === 'applied') {
      const decided = ofType(events, 'decision_made', r.iterationId)[0]!;
      expect(Object.keys(decided.changes)).not.toContain('no_such_param');
    }
  });

  it('records a failed iteration when every agent crashes; config and git untouched', async () => {
    const settings = h.settings({ team: [{ role: 'tuner', runtime: 'fixture:crash' }, { role: 'tuner', runtime: 'fixture:crash' }] });
    const conductor = await h.open(settings);
    const headBefore = await TargetRepo.forTarget(h.target).headSha();
    const r = await conductor.runIteration();
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/no agent proposed/);
    expect(r.reason).toMatch(/exit code 3/);
    const { events } = await conductor.runLog.read();
    const exits = ofType(events, 'agent_exited', r.iterationId);
    expect(exits.map((e) => e.reason)).toEqual(['crashed: exit code 3', 'crashed: exit code 3']);
    expect(await TargetRepo.forTarget(h.target).headSha()).toBe(headBefore);
    expect(await TargetRepo.forTarget(h.target).isConfigClean()).toBe(true);
    expect(r.durationMs).toBeLessThan(15_000);
  });

  it('does not wait forever for a silent agent: deadlines end the phases and the agent is killed', async () => {
    const settings = h.settings({
      team: [{ role: 'tuner', runtime: 'fixture:silent' }],
      deadlines: { spawnMs: 5_000, proposeMs: 1_500, voteMs: 1_000, decideMs: 1_000, closeMs: 500, measureMs: 60_000 },
    });
    const conductor = await h.open(settings);
    const r = await conductor.runIteration();
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/no agent proposed before the propose deadline/);
    const { events } = await conductor.runLog.read();
    const exit = ofType(events, 'agent_exited', r.iterationId)[0]!;
    expect(exit.reason).toMatch(/^killed: /);
    expect(ofType(events, 'phase_completed', r.iterationId).find((p) => p.phase === 'propose')?.deadlineHit).toBe(true);
  });

  it('stops with a clear error when the config file was edited by hand, and changes nothing', async () => {
    const settings = h.settings({ team: [{ role: 'tuner', runtime: 'local', heuristic: 'coordinate' }] });
    const conductor = await h.open(settings);
    const original = await readFile(h.target.configPath, 'utf8');
    const edited = original.replace('bid_size = 8', 'bid_size = 9');
    await writeFile(h.target.configPath, edited);
    const r = await conductor.runIteration();
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/uncommitted changes/);
    expect(await readFile(h.target.configPath, 'utf8')).toBe(edited); // the person's edit is not lost
    const { events } = await conductor.runLog.read();
    expect(ofType(events, 'agent_spawned', r.iterationId)).toHaveLength(0);
  });

  it('is idempotent: an iteration id that finished is not run again', async () => {
    const settings = h.settings({ team: [{ role: 'tuner', runtime: 'fixture:crash' }] });
    const conductor = await h.open(settings);
    const first = await conductor.runIteration({ n: 1 });
    const before = (await conductor.runLog.read()).events.length;
    const again = await conductor.runIteration({ n: 1 });
    expect(again.alreadyFinished).toBe(true);
    expect(again.status).toBe(first.status);
    expect((await conductor.runLog.read()).events.length).toBe(before);
  });

  it('aborts cleanly: agents killed, config restored, the run log says aborted', async () => {
    const settings = h.settings({ team: [{ role: 'tuner', runtime: 'fixture:silent' }, { role: 'tuner', runtime: 'fixture:silent' }] });
    const conductor = await h.open(settings);
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('test abort')), 1_500);
    const r = await conductor.runIteration({ signal: abort.signal });
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/aborted: .*test abort/);
    const { events } = await conductor.runLog.read();
    const exits = ofType(events, 'agent_exited', r.iterationId);
    expect(exits).toHaveLength(2);
    for (const e of exits) expect(e.reason).toMatch(/killed/);
    expect(await TargetRepo.forTarget(h.target).isConfigClean()).toBe(true);
  });

  it('closes an iteration a dead process left unfinished and restores the config file', async () => {
    const settings = h.settings({ team: [{ role: 'tuner', runtime: 'fixture:crash' }] });
    const first = await h.open(settings);
    await first.runLog.append({ type: 'iteration_started', iterationId: 'strategy-c-tune-000001', n: 1, kind: 'tune', trigger: 'manual', runId: 'dead-run', params: {}, baseCommit: null });
    // It died while applying its decision.
    await first.runLog.append({ type: 'decision_made', iterationId: 'strategy-c-tune-000001', by: 'x', byName: 'tuner-1', option: 1, changes: { sigma: 0.004 }, rationale: 'r' });
    await first.close();
    const original = await readFile(h.target.configPath, 'utf8');
    await writeFile(h.target.configPath, original.replace('sigma = 0.003', 'sigma = 0.004')); // a half-done apply
    const second = await h.open(settings);
    const record = await second.runLog.iteration('strategy-c-tune-000001');
    expect(record?.status).toBe('failed');
    expect(record?.reason).toMatch(/interrupted/);
    expect(await readFile(h.target.configPath, 'utf8')).toBe(original);
    const next = await second.runIteration();
    expect(next.n).toBe(2);
  });

  it('leaves a hand edit alone when the dead iteration had not reached its decision', async () => {
    const settings = h.settings({ team: [{ role: 'tuner', runtime: 'fixture:crash' }] });
    const first = await h.open(settings);
    await first.runLog.append({ type: 'iteration_started', iterationId: 'strategy-c-tune-000001', n: 1, kind: 'tune', trigger: 'manual', runId: 'dead-run', params: {}, baseCommit: null });
    await first.close();
    const edited = (await readFile(h.target.configPath, 'utf8')).replace('sigma = 0.003', 'sigma = 0.004');
    await writeFile(h.target.configPath, edited);
    const second = await h.open(settings);
    expect((await second.runLog.iteration('strategy-c-tune-000001'))?.status).toBe('failed');
    expect(await readFile(h.target.configPath, 'utf8')).toBe(edited);
  });
});
