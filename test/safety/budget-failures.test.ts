import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { TargetRunner } from '../../orchestrator/control/target-runner.js';
import type { LoadedSettings } from '../../orchestrator/settings/settings.js';
import { LocalRuntime } from '../../workers/runtimes/local.js';
import { processGroupAlive } from '../../workers/runtimes/process-group.js';
import { CLI } from '../scheduler/helpers/cli-process.js';
import { writeSettings } from '../scheduler/helpers/settings-file.js';
import { fixture, makeSafetyHarness, ofType, OPT_OUT_MS, type SafetyHarness } from './helpers/harness.js';
import { writeGuardedTarget } from './helpers/targets.js';

let h: SafetyHarness | undefined;
const runners: TargetRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.close();
  await h?.cleanup();
  h = undefined;
});

const LOCAL_TEAM = [{ role: 'tuner', runtime: 'local', heuristic: 'coordinate' }];
const CRASH_TEAM = [
  { role: 'tuner', runtime: 'fixture:crash' },
  { role: 'tuner', runtime: 'fixture:crash' },
];

/** The guarded target in a safety harness; returns the target's definition file too (for the CLI's settings file). */
async function guarded(): Promise<{ h: SafetyHarness; targetFile: string }> {
  let targetFile = '';
  h = await makeSafetyHarness({
    target: async (dir) => {
      targetFile = await writeGuardedTarget(dir);
      return targetFile;
    },
  });
  return { h, targetFile };
}

/** A target runner (the scheduler's way in) with the real local agent and the crashing fixture agent. */
function runner(harness: SafetyHarness, settings: LoadedSettings, runId = 'failures-test'): TargetRunner {
  const r = new TargetRunner({
    target: harness.target,
    settings,
    chat: { url: harness.server.url, key: harness.server.masterKey as string, electionOptOutMs: OPT_OUT_MS },
    runId,
    runtimes: { local: new LocalRuntime(), 'fixture:crash': new LocalRuntime({ program: fixture('fixtures', 'agents', 'crash.mjs') }) },
  });
  runners.push(r);
  return r;
}

/** Waits for the next whole second and returns it as a tick (later than anything already in the run log, so never "came while … was running"). */
async function nextTick(): Promise<Date> {
  const t = Math.ceil((Date.now() + 1) / 1000) * 1000;
  await sleep(t - Date.now());
  return new Date(t);
}

/** `itercrew <args>` as a real process. */
function cli(args: string[]) {
  return execa(process.execPath, [CLI, ...args], { reject: false, env: { ITERCREW_LOG_LEVEL: 'warn' } });
}

describe('budget: max iterations per day (real iterations, local agents, guarded target)', () => {
  it('an iteration over the daily maximum is skipped with the reason before any agent spawns; skipped ones do not count', async () => {
    const { h } = await guarded();
    const conductor = await h.open(h.settings({ team: LOCAL_TEAM, budget: { maxIterationsPerDay: 2 } }));
    const first = await conductor.runIteration();
    const second = await conductor.runIteration();
    expect([first.status, second.status]).not.toContain('skipped');
    const third = await conductor.runIteration();
    const fourth = await conductor.runIteration();
    const day = new Date().toISOString().slice(0, 10);
    for (const r of [third, fourth]) {
      expect(r.status, r.reason).toBe('skipped');
      // Two ran; the skipped third does not make the fourth's count three.
      expect(r.reason).toBe(`over budget: 2 iterations ran today (UTC ${day}), the daily maximum is 2`);
      expect(r.commit).toBeNull();
    }
    const { events } = await conductor.runLog.read();
    for (const r of [third, fourth]) {
      expect(ofType(events, 'agent_spawned', r.iterationId)).toEqual([]);
      expect(ofType(events, 'proposal_received', r.iterationId)).toEqual([]);
      expect(ofType(events, 'iteration_finished', r.iterationId)[0]).toMatchObject({ status: 'skipped', reason: r.reason });
    }
    for (const r of [first, second]) expect(ofType(events, 'agent_spawned', r.iterationId)).toHaveLength(1);
    // Nothing of the skipped iterations touched the config: it is the last ran iteration's.
    const fold = await conductor.runLog.fold();
    expect(fold.iterations.map((r) => r.status).slice(2)).toEqual(['skipped', 'skipped']);
    const config = JSON.parse(await readFile(h.target.configPath, 'utf8')) as Record<string, number>;
    expect(fold.iterations[2]!.baseParams).toEqual(config);
    expect(fold.iterations[3]!.baseParams).toEqual(config);
    expect(fold.iterations[3]!.baseCommit).toBe(fold.iterations[2]!.baseCommit);
    expect(fold.iterations[2]!.baseCommit).toBe(second.commit ?? fold.iterations[1]!.baseCommit);
  }, 90_000);
});

describe('max consecutive failed iterations: the target pauses itself', () => {
  it('after N failed iterations (a crashing team) status shows it paused by `failures`, ticks do not run, `itercrew resume` lifts it', async () => {
    const { h, targetFile } = await guarded();
    const { file: settingsFile } = await writeSettings(h.dir, [targetFile]);
    const crashing = runner(h, h.settings({ team: CRASH_TEAM, safety: { maxConsecutiveFailures: 2 } }));

    const first = await crashing.runTick(await nextTick());
    if (first.outcome !== 'ran') throw new Error(JSON.stringify(first));
    expect(first.result.status).toBe('failed');
    expect(first.result.reason).toMatch(/^no agent proposed: every agent exited first \(tuner-1: .*exit code 3/);
    // One failure is not enough.
    let status = JSON.parse((await cli(['status', '-s', settingsFile, '--json'])).stdout);
    expect(status.paused).toBeNull();

    const second = await crashing.runTick(await nextTick());
    if (second.outcome !== 'ran') throw new Error(JSON.stringify(second));
    expect(second.result.status).toBe('failed');

    const shown = await cli(['status', '-s', settingsFile, '--json']);
    expect(shown.exitCode, shown.stderr).toBe(0);
    status = JSON.parse(shown.stdout);
    expect(status).toMatchObject({ target: 'guarded', last: { iterationId: second.iterationId, status: 'failed' } });
    expect(status.paused).toMatchObject({ source: 'failures', by: 'itercrew (safety.maxConsecutiveFailures)' });
    expect(status.paused.reason).toBe(`2 failed iterations in a row (max 2); the last, ${second.iterationId}: ${second.result.reason}`);
    const text = await cli(['status', '-s', settingsFile]);
    expect(text.stdout).toMatch(/paused: {2}since .* by itercrew \(safety\.maxConsecutiveFailures\) — 2 failed iterations in a row .*\(failures\)/);

    // New ticks do not run and are not recorded; the crashing agents are not spawned again.
    const before = (await crashing.runLog.read()).events.length;
    const paused = await crashing.runTick(await nextTick());
    expect(paused).toMatchObject({ outcome: 'paused', pause: { source: 'failures' } });
    expect((await crashing.runLog.read()).events.length).toBe(before);
    for (const e of ofType((await crashing.runLog.read()).events, 'agent_spawned')) expect(processGroupAlive(e.pid!)).toBe(false);

    const resumed = await cli(['resume', '-s', settingsFile]);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toBe('guarded: resumed');
    expect(JSON.parse((await cli(['status', '-s', settingsFile, '--json'])).stdout).paused).toBeNull();

    // With the team fixed, ticks run again and the target stays unpaused.
    await crashing.close();
    const fixed = runner(h, h.settings({ team: LOCAL_TEAM, safety: { maxConsecutiveFailures: 2 } }), 'fixed-run');
    const after = await fixed.runTick(await nextTick());
    if (after.outcome !== 'ran') throw new Error(JSON.stringify(after));
    expect(['applied', 'no_change'], after.result.reason).toContain(after.result.status);
    expect(JSON.parse((await cli(['status', '-s', settingsFile, '--json'])).stdout).paused).toBeNull();
  }, 90_000);

  it('skipped iterations neither count nor break the run; a success resets it', async () => {
    const { h } = await guarded();
    /** One iteration with a fresh conductor (closed after it, so only one conductor is in the chat at a time). */
    const once = async (team: unknown[], budget: Record<string, number> = {}): Promise<string> => {
      const c = await h.open(h.settings({ team, safety: { maxConsecutiveFailures: 2 }, budget }));
      try {
        return (await c.runIteration()).status;
      } finally {
        await c.close();
      }
    };
    const pausedFile = `${h.runsDir}/guarded/control/paused.json`;
    const pause = async () => JSON.parse(await readFile(pausedFile, 'utf8').catch(() => 'null'));
    expect(await once(CRASH_TEAM)).toBe('failed');
    expect(['applied', 'no_change']).toContain(await once(LOCAL_TEAM));
    expect(await once(CRASH_TEAM)).toBe('failed');
    expect(await pause()).toBeNull(); // the success between the two failures reset the count
    // A skipped iteration (the daily cap: three ran today) neither counts nor resets.
    expect(await once(CRASH_TEAM, { maxIterationsPerDay: 3 })).toBe('skipped');
    expect(await pause()).toBeNull();
    expect(await once(CRASH_TEAM)).toBe('failed');
    expect(await pause()).toMatchObject({ source: 'failures', reason: expect.stringMatching(/^2 failed iterations in a row \(max 2\); the last, guarded-tune-000005: no agent proposed/) });
  }, 90_000);
});
