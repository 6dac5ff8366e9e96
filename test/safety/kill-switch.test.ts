import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import { controlPaths } from '../../orchestrator/control/control-paths.js';
import { readRunning } from '../../orchestrator/control/running-file.js';
import type { RunOutcome } from '../../orchestrator/control/run-outcome.js';
import type { TargetRunner } from '../../orchestrator/control/target-runner.js';
import type { RunLogEvent } from '../../orchestrator/runlog/events/run-log-event.js';
import { processGroupAlive } from '../../workers/runtimes/process-group.js';
import { CLI } from '../scheduler/helpers/cli-process.js';
import { makeRunnerHarness, silentTeam, type RunnerHarness } from '../scheduler/helpers/runner-harness.js';
import { writeSettings } from '../scheduler/helpers/settings-file.js';
import { events, until } from '../scheduler/helpers/wait.js';

let h: RunnerHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const SEED = { a: 1, b: 0.5 };

/** Waits for the next whole second and returns it as a tick. */
async function nextTick(): Promise<Date> {
  const t = Math.ceil((Date.now() + 1) / 1000) * 1000;
  await sleep(t - Date.now());
  return new Date(t);
}

function cli(args: string[]) {
  return execa(process.execPath, [CLI, ...args], { reject: false, env: { ITERCREW_LOG_LEVEL: 'warn' } });
}

const ofType = <T extends RunLogEvent['type']>(all: RunLogEvent[], type: T, iterationId: string) =>
  all.filter((e): e is Extract<RunLogEvent, { type: T }> => e.type === type && e.iterationId === iterationId);

/** Starts a tick of `runner` and waits until its agents are in the propose phase (silent agents: nothing else will happen for a long while). */
async function runningTick(runner: TargetRunner, harness: RunnerHarness, phase = 'propose'): Promise<{ outcome: Promise<RunOutcome>; iterationId: string }> {
  const outcome = runner.runTick(await nextTick());
  const running = await until(`the iteration to reach ${phase}`, async () => {
    const r = await readRunning(harness.runsDir, 'fake');
    return r?.phase === phase ? r : undefined;
  });
  return { outcome, iterationId: running.iterationId };
}

/** The iteration wound down: failed with `reason`, every agent recorded as exited and its process group gone, the config the seed and committed, the lock and running file gone. */
async function expectWoundDown(harness: RunnerHarness, outcome: RunOutcome, iterationId: string, reason: RegExp): Promise<void> {
  expect(outcome.outcome).toBe('ran');
  if (outcome.outcome !== 'ran') return;
  expect(outcome.iterationId).toBe(iterationId);
  expect(outcome.result.status).toBe('failed');
  expect(outcome.result.reason).toMatch(reason);
  const all = await events(harness.runsDir, 'fake');
  expect(ofType(all, 'iteration_finished', iterationId)).toEqual([expect.objectContaining({ status: 'failed', reason: outcome.result.reason })]);
  const spawned = ofType(all, 'agent_spawned', iterationId);
  expect(spawned.length).toBeGreaterThan(0);
  const exited = ofType(all, 'agent_exited', iterationId);
  expect(exited.map((e) => e.agentId).sort()).toEqual(spawned.map((e) => e.agentId).sort());
  for (const e of spawned) expect(processGroupAlive(e.pid!), `agent ${e.agentId} pid ${e.pid}`).toBe(false);
  expect(JSON.parse(await readFile(harness.target.configPath, 'utf8'))).toEqual(SEED);
  expect((await simpleGit(harness.target.repoDir).status()).isClean()).toBe(true);
  const paths = controlPaths(harness.runsDir, 'fake');
  expect(existsSync(paths.runningFile)).toBe(false);
  expect(existsSync(paths.lockFile)).toBe(false);
}

describe('the kill switch winds a running iteration down (real agents, real chat, target runner)', () => {
  it('<runsDir>/STOP: the running iteration is aborted with the reason; no tick or kick runs while it exists; deleting it lets ticks run', async () => {
    h = await makeRunnerHarness();
    const silent = h.runner(h.settings(silentTeam(60_000)), 'silent-run');
    const { outcome, iterationId } = await runningTick(silent, h);
    const flag = path.join(h.runsDir, 'STOP');
    await writeFile(flag, 'maintenance window\nsecond line ignored\n');
    const ended = await outcome;
    await expectWoundDown(h, ended, iterationId, new RegExp(`^aborted: kill switch on \\(flag file ${flag.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: maintenance window\\)`));
    // It stopped in the phase it was in: nothing after propose ran.
    const all = await events(h.runsDir, 'fake');
    expect(ofType(all, 'phase_completed', iterationId).map((e) => e.phase)).toEqual(['brief', 'spawn', 'propose']);

    // While the flag exists nothing starts: not a tick, not a kick; nothing is recorded.
    const count = all.length;
    expect(await silent.runTick(await nextTick())).toMatchObject({ outcome: 'paused', pause: { source: 'kill_switch', by: `flag file ${flag}`, reason: 'maintenance window' } });
    expect(await silent.runKick()).toMatchObject({ outcome: 'paused', pause: { source: 'kill_switch' } });
    expect((await events(h.runsDir, 'fake')).length).toBe(count);

    await rm(flag);
    await silent.close();
    const local = h.runner(h.settings(), 'local-run');
    const after = await local.runTick(await nextTick());
    if (after.outcome !== 'ran') throw new Error(JSON.stringify(after));
    expect(['applied', 'no_change'], after.result.reason).toContain(after.result.status);
  }, 60_000);

  it("<runsDir>/<target>/control/STOP during the deploy of a decided change: the change is undone, the config restored, the run log says aborted", async () => {
    // The deploy writes a marker and then hangs: the iteration is held right after its commit.
    h = await makeRunnerHarness({
      deploy: [process.execPath, '-e', 'require("fs").writeFileSync(process.env.ITERCREW_DEPLOY_MARKER, process.env.ITERCREW_COMMIT); setInterval(() => {}, 1 << 30)'],
    });
    const marker = path.join(h.dir, 'deploying');
    process.env.ITERCREW_DEPLOY_MARKER = marker; // the deploy command inherits this process's environment
    try {
      const runner = h.runner(h.settings({ team: [{ role: 'tuner', runtime: 'local', heuristic: 'coordinate' }] }));
      const outcome = runner.runTick(await nextTick());
      const commit = await until('the deploy to start', () => (existsSync(marker) ? readFile(marker, 'utf8') : undefined), 40_000);
      const flag = path.join(controlPaths(h.runsDir, 'fake').dir, 'STOP');
      await writeFile(flag, '');
      const ended = await outcome;
      await expectWoundDown(h, ended, ended.iterationId, /^aborted: kill switch on \(flag file .*\/fake\/control\/STOP\); deploy failed \(the deploy was cancelled\); commit [0-9a-f]{7} reverted by [0-9a-f]{7}$/);
      // History shows the decided commit and its revert; the config is the seed again.
      const log = await simpleGit(h.target.repoDir).log();
      expect(log.all[1]!.hash).toBe(commit);
      expect(log.all[0]!.body).toContain(`This reverts commit ${commit}.`);
      const all = await events(h.runsDir, 'fake');
      expect(ofType(all, 'config_reverted', ended.iterationId)).toEqual([expect.objectContaining({ reverted: commit })]);
      // The target's own flag file (empty: no reason) refuses ticks like the global one.
      expect(await runner.runTick(await nextTick())).toMatchObject({ outcome: 'paused', pause: { source: 'kill_switch', reason: null } });
      await rm(flag);
    } finally {
      delete process.env.ITERCREW_DEPLOY_MARKER;
    }
  }, 90_000);

  it('`itercrew pause` (a real CLI process) winds the running iteration down; ticks stay paused until `itercrew resume`', async () => {
    h = await makeRunnerHarness();
    const { file } = await writeSettings(h.dir, [path.join(h.dir, 'targets', 'fake.yaml')]);
    const silent = h.runner(h.settings(silentTeam(60_000)), 'silent-run');
    const { outcome, iterationId } = await runningTick(silent, h);
    const paused = await cli(['pause', '-s', file, '--reason', 'operator stop']);
    expect(paused.exitCode, paused.stderr).toBe(0);
    expect(paused.stdout).toBe('fake: paused');
    await expectWoundDown(h, await outcome, iterationId, /^aborted: paused by \S+@\S+ \(operator stop\)/);
    const status = JSON.parse((await cli(['status', '-s', file, '--json'])).stdout);
    expect(status).toMatchObject({ paused: { source: 'pause', reason: 'operator stop' }, running: null, last: { iterationId, status: 'failed' } });
    expect(await silent.runTick(await nextTick())).toMatchObject({ outcome: 'paused', pause: { source: 'pause' } });
    expect((await cli(['resume', '-s', file])).stdout).toBe('fake: resumed');
    await silent.close();
    const after = await h.runner(h.settings(), 'local-run').runTick(await nextTick());
    if (after.outcome !== 'ran') throw new Error(JSON.stringify(after));
    expect(['applied', 'no_change'], after.result.reason).toContain(after.result.status);
  }, 60_000);
});
