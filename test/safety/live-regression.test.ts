import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conductor } from '../../orchestrator/iteration/conductor.js';
import { TargetRepo } from '../../orchestrator/target/git/target-repo.js';
import { fixture, makeSafetyHarness, ofType, type SafetyHarness } from './helpers/harness.js';
import { KNOB_SEED, writeKnobTarget, writeScript } from './helpers/knob-target.js';

let h: SafetyHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const TEAM = [{ role: 'tuner', runtime: 'scripted' }];
const LIVE_WINDOWS = 4;

/** A live knob target: its measure command prints the windows the test wrote to <dir>/live.json. */
async function liveTarget(): Promise<{ h: SafetyHarness; conductor: Conductor; seedCommit: string; live: (windows: Array<[string, number]>) => Promise<void>; calls: () => Promise<Array<{ head: string; repo: string }>> }> {
  h = await makeSafetyHarness({
    target: (dir) => writeKnobTarget(dir, { validationWindows: 0, measure: ['${NODE}', fixture('safety', 'fixtures', 'live-measure.mjs'), path.join(dir, 'live.json')], safety: { live: { windows: LIVE_WINDOWS, k: 2 } } }),
  });
  const conductor = await h.open(h.settings({ team: TEAM }));
  const seedCommit = await TargetRepo.forTarget(h.target).headSha();
  const file = path.join(h.dir, 'live.json');
  let t = Date.parse('2026-03-01T00:00:00Z');
  const all: Array<{ end: string; pnl: number; commit: string }> = [];
  return {
    h,
    conductor,
    seedCommit,
    /** Appends live windows (commit, pnl) in order, 5 minutes apart. */
    async live(windows) {
      for (const [commit, pnl] of windows) all.push({ end: new Date((t += 300_000)).toISOString(), pnl, commit });
      await writeFile(file, JSON.stringify({ windows: all }));
    },
    async calls() {
      return (await readFile(`${file}.calls`, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    },
  };
}

const config = async () => JSON.parse(await readFile(h!.target.configPath, 'utf8')) as Record<string, number>;

describe('live targets: the regression watch over the next live windows (real iterations, real git, a measure command)', () => {
  it('a regression against the best known commit reverts to it automatically, with the evidence recorded', async () => {
    const { conductor, seedCommit, live, calls } = await liveTarget();
    await live([[seedCommit, 1.0], [seedCommit, 1.2], [seedCommit, 0.9], [seedCommit, 1.1]]);
    await writeScript(h!.runsDir, 'tuner-1', [{ gain: 8 }]);
    const first = await conductor.runIteration();
    expect(first.status, first.reason).toBe('applied');
    const changed = first.commit!;
    let { events } = await conductor.runLog.read();
    expect(ofType(events, 'live_checked', first.iterationId)).toEqual([
      expect.objectContaining({ commit: seedCommit, windows: 4, required: 4, best: null, regression: false, threshold: null }),
    ]);
    expect(ofType(events, 'config_reverted')).toEqual([]);

    // The change then ran 4 live windows and lost money: iteration 2 restores the seed's config.
    await live([[changed, -0.5], [changed, -0.3], [changed, -0.6], [changed, -0.4]]);
    await writeScript(h!.runsDir, 'tuner-1', [{ gain: 9 }]);
    const second = await conductor.runIteration();
    ({ events } = await conductor.runLog.read());
    expect(second.status, second.reason).toBe('reverted');
    const checked = ofType(events, 'live_checked', second.iterationId);
    expect(checked).toHaveLength(1);
    expect(checked[0]).toMatchObject({ commit: changed, windows: 4, required: 4, regression: true, best: { commit: seedCommit, windows: 4 } });
    expect(checked[0]!.meanPnl).toBeCloseTo(-0.45, 9);
    expect(checked[0]!.best!.meanPnl).toBeCloseTo(1.05, 9);
    expect(checked[0]!.threshold).toBeGreaterThan(0);
    expect(checked[0]!.threshold).toBeLessThan(1.5); // 2 × the standard error of the difference: far below the 1.5/window gap
    expect(checked[0]!.reason).toMatch(new RegExp(`the config in force \\(${changed.slice(0, 7)}\\) made -0\\.4500/window over 4 windows, the best known config \\(${seedCommit.slice(0, 7)}\\) \\+1\\.0500/window over 4; a regression beyond 2 × noise`));
    const reverted = ofType(events, 'config_reverted', second.iterationId);
    expect(reverted).toHaveLength(1);
    expect(reverted[0]).toMatchObject({ by: 'live', restored: seedCommit, commit: second.commit, diff: [{ param: 'gain', old: 8, new: 5 }], reason: checked[0]!.reason });
    expect(second.reason).toContain(`config restored to ${seedCommit.slice(0, 7)} by ${second.commit!.slice(0, 7)}`);
    // Nothing else happened in that iteration: no team, no proposal — the revert comes first.
    expect(ofType(events, 'agent_spawned', second.iterationId)).toEqual([]);
    expect(ofType(events, 'proposal_received', second.iterationId)).toEqual([]);
    // History keeps the bad commit; the new commit restores the seed's config and says so.
    const git = simpleGit(h!.target.repoDir);
    const log = await git.log();
    expect(log.all.map((c) => c.hash)).toEqual([second.commit, changed, seedCommit]);
    expect(log.all[0]!.body).toContain(`Itercrew-Restores: ${seedCommit}`);
    expect(log.all[0]!.body).toContain(`Itercrew-Iteration: ${second.iterationId}`);
    expect(await config()).toEqual(KNOB_SEED);
    expect((await git.status()).isClean()).toBe(true);
    // The measure command saw the commit in force and the repo.
    expect((await calls()).map((c) => c.head)).toEqual([seedCommit, changed]);
    expect((await calls())[0]!.repo).toBe(h!.target.repoDir);

    // The restored config counts the seed's live windows as its own: no regression, the iteration goes on.
    await writeScript(h!.runsDir, 'tuner-1', [{}]);
    const third = await conductor.runIteration();
    ({ events } = await conductor.runLog.read());
    expect(third.status, third.reason).toBe('no_change');
    expect(ofType(events, 'live_checked', third.iterationId)[0]).toMatchObject({ commit: second.commit, windows: 4, regression: false, best: { commit: changed } });
    expect(ofType(events, 'config_reverted').map((e) => e.iterationId)).toEqual([second.iterationId]);
  });

  it('no regression (the change earns as much within the noise): nothing is reverted; too few live windows: the iteration waits', async () => {
    const { conductor, seedCommit, live } = await liveTarget();
    // The seed has run only 2 of its 4 windows: no new change before it is judged.
    await live([[seedCommit, 1.0], [seedCommit, 1.2]]);
    await writeScript(h!.runsDir, 'tuner-1', [{ gain: 8 }]);
    const waiting = await conductor.runIteration();
    expect(waiting.status, waiting.reason).toBe('skipped');
    expect(waiting.reason).toMatch(/^waiting for live evidence: the config in force \([0-9a-f]{7}\) has run 2 of the 4 live windows it needs before it is judged/);
    expect(await TargetRepo.forTarget(h!.target).headSha()).toBe(seedCommit);

    await live([[seedCommit, 0.9], [seedCommit, 1.1]]);
    const first = await conductor.runIteration();
    expect(first.status, first.reason).toBe('applied');
    const changed = first.commit!;
    // Slightly worse on average, well within the noise.
    await live([[changed, 1.3], [changed, 0.7], [changed, 1.2], [changed, 0.8]]);
    await writeScript(h!.runsDir, 'tuner-1', [{ gain: 9 }]);
    const second = await conductor.runIteration();
    const { events } = await conductor.runLog.read();
    const checked = ofType(events, 'live_checked', second.iterationId)[0]!;
    expect(checked).toMatchObject({ commit: changed, windows: 4, regression: false, best: { commit: seedCommit } });
    expect(checked.meanPnl).toBeLessThan(checked.best!.meanPnl);
    expect(checked.reason).toMatch(/; within 2 × noise/);
    expect(ofType(events, 'config_reverted')).toEqual([]);
    // The iteration went on and made its change.
    expect(second.status, second.reason).toBe('applied');
    expect(await config()).toEqual({ ...KNOB_SEED, gain: 9 });
  });
  it('a regression whose best config would change a parameter frozen since: nothing is changed blind, the iteration fails with the evidence', async () => {
    const { conductor, seedCommit, live } = await liveTarget();
    await live([[seedCommit, 1.0], [seedCommit, 1.2], [seedCommit, 0.9], [seedCommit, 1.1]]);
    await writeScript(h!.runsDir, 'tuner-1', [{ gain: 8 }]);
    const first = await conductor.runIteration();
    expect(first.status, first.reason).toBe('applied');
    const changed = first.commit!;
    await live([[changed, -0.5], [changed, -0.3], [changed, -0.6], [changed, -0.4]]);
    // The operator froze `gain` since: the seed's config would change it back.
    await conductor.close();
    const frozen = await h!.open(h!.settings({ team: TEAM, safety: { frozen: ['gain'] } }));
    const second = await frozen.runIteration();
    expect(second.status, second.reason).toBe('failed');
    expect(second.reason).toMatch(/a regression beyond 2 × noise.*; the best config cannot be restored automatically: reverting to [0-9a-f]{7} would change frozen parameter\(s\) gain/);
    const { events } = await frozen.runLog.read();
    expect(ofType(events, 'live_checked', second.iterationId)[0]).toMatchObject({ regression: true });
    expect(ofType(events, 'config_reverted')).toEqual([]);
    expect(await TargetRepo.forTarget(h!.target).headSha()).toBe(changed);
    expect((await config()).gain).toBe(8);
  });
});
