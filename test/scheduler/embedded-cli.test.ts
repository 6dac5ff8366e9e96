import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { simpleGit } from 'simple-git';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlPaths } from '../../orchestrator/control/control-paths.js';
import { parseIterationId } from '../../orchestrator/runlog/iteration-id.js';
import { RunLog } from '../../orchestrator/runlog/run-log.js';
import type { RunLogEvent } from '../../orchestrator/runlog/events/run-log-event.js';
import { processGroupAlive } from '../../workers/runtimes/process-group.js';
import { CLI, CliProcess } from './helpers/cli-process.js';
import { writeFakeTarget } from './helpers/fake-target.js';
import { writeSettings } from './helpers/settings-file.js';
import { events, until } from './helpers/wait.js';

let dir: string;
let procs: CliProcess[];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-start-'));
  procs = [];
});
afterEach(async () => {
  for (const p of procs) if (p.child.exitCode === null) await p.stop('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]) {
  return execa(process.execPath, [CLI, ...args], { reject: false, env: { ITERCREW_LOG_LEVEL: 'warn' } });
}

function ofType<T extends RunLogEvent['type']>(all: RunLogEvent[], type: T): Extract<RunLogEvent, { type: T }>[] {
  return all.filter((e): e is Extract<RunLogEvent, { type: T }> => e.type === type);
}

describe('itercrew start (embedded) as a real process', () => {
  it('ticks, records overlapping ticks as skipped, reports status, pauses and resumes, and stops cleanly on SIGTERM', async () => {
    const targetFile = await writeFakeTarget(path.join(dir, 'targets'));
    const { file } = await writeSettings(dir, [targetFile], { schedule: { default: { every: '1s' } } });
    const runsDir = path.join(dir, 'runs');
    const start = CliProcess.start(['start', '-s', file, '--json']);
    procs.push(start);

    // Iterations of real local agents take longer than a second: some ticks find the target busy.
    await until('two iterations and one skipped tick', async () => {
      const fold = await RunLog.forTarget(runsDir, 'fake').fold();
      const done = fold.iterations.filter((r) => r.status === 'applied' || r.status === 'no_change');
      return done.length >= 2 && fold.iterations.some((r) => r.status === 'skipped');
    }, 60_000);

    const status = await cli(['status', '-s', file, '--json']);
    expect(status.exitCode, status.stderr).toBe(0);
    const s = JSON.parse(status.stdout.trim());
    expect(s).toMatchObject({ target: 'fake', schedule: 'every 1s', paused: null, scheduler: { mode: 'in-process', pid: start.child.pid, state: 'alive' } });
    expect(Date.parse(s.nextTick)).toBeGreaterThan(Date.now() - 1_000);
    expect(s.last.iterationId).toMatch(/^fake-tune-\d{8}T\d{6}Z$/);

    const pause = await cli(['pause', '-s', file, '--reason', 'test']);
    expect(pause.stdout).toContain('fake: paused');
    const pausedAt = Date.now();
    const statusPaused = JSON.parse((await cli(['status', '-s', file, '--json'])).stdout);
    expect(statusPaused.paused).toMatchObject({ source: 'pause', reason: 'test' });
    // Let at least two ticks pass while paused (nothing to await: nothing must happen).
    await new Promise((r) => setTimeout(r, 2_500));
    await until('the running iteration to end', () => !existsSync(controlPaths(runsDir, 'fake').runningFile));
    // No tick after the pause has a record (a tick noted as skipped before the pause may be written later).
    const tickOf = (id: string): number => (parseIterationId(id) as { tick: Date }).tick.getTime();
    const afterPause = ofType(await events(runsDir, 'fake'), 'iteration_started').filter((e) => tickOf(e.iterationId) > pausedAt);
    expect(afterPause).toEqual([]);
    expect(start.lines.some((l) => JSON.parse(l).outcome === 'paused')).toBe(true);

    expect((await cli(['resume', '-s', file])).stdout).toContain('fake: resumed');
    const resumedAt = Date.now();
    await until('a tick after resume', async () => ofType(await events(runsDir, 'fake'), 'iteration_started').some((e) => Date.parse(e.ts) > resumedAt), 20_000);

    const t0 = Date.now();
    const stopped = await start.stop('SIGTERM');
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(stopped.exitCode).toBe(0);

    // The run log is consistent: every iteration finished, skipped ones name what was running.
    const fold = await RunLog.forTarget(runsDir, 'fake').fold();
    expect(fold.skipped).toEqual([]);
    for (const r of fold.iterations) expect(r.complete, r.iterationId).toBe(true);
    for (const r of fold.iterations.filter((x) => x.status === 'skipped')) expect(r.reason).toMatch(/the tick came while iteration fake-tune-/);
    const ids = fold.iterations.map((r) => r.iterationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await simpleGit(path.join(runsDir, 'fake', 'workspace')).status()).isClean()).toBe(true);
    const paths = controlPaths(runsDir, 'fake');
    expect(existsSync(paths.lockFile)).toBe(false);
    expect(existsSync(paths.runningFile)).toBe(false);
    for (const e of ofType(await events(runsDir, 'fake'), 'agent_spawned')) expect(processGroupAlive(e.pid!)).toBe(false);
  }, 120_000);

  it('after `start` is killed with SIGKILL mid-iteration, a foreground kick closes the dead iteration, kills its agents, and runs', async () => {
    const targetFile = await writeFakeTarget(path.join(dir, 'targets'));
    // The kill lands right after the first agent was spawned, while the iteration runs.
    const { file } = await writeSettings(dir, [targetFile], { schedule: { default: { every: '1s' } } });
    const runsDir = path.join(dir, 'runs');
    const start = CliProcess.start(['start', '-s', file]);
    procs.push(start);
    const spawned = (await until('an agent to be spawned', async () => ofType(await events(runsDir, 'fake'), 'agent_spawned')[0], 30_000)) as Extract<RunLogEvent, { type: 'agent_spawned' }>;
    await start.stop('SIGKILL');
    const dead = spawned.iterationId;

    const kick = await cli(['kick', '-s', file]);
    expect(kick.exitCode, kick.stderr).toBe(0);
    expect(kick.stdout).toMatch(/^itercrew kick: fake-tune-\d{8}T\d{6}Z\n/);
    expect(kick.stdout).toMatch(/ ran: (applied|no_change)/);

    const fold = await RunLog.forTarget(runsDir, 'fake').fold();
    const record = fold.iterations.find((r) => r.iterationId === dead)!;
    expect(record.complete).toBe(true);
    if (record.status === 'failed') expect(record.reason).toMatch(/^interrupted: the process running it died \((last completed phase: \w+|no phase completed), run [0-9a-f-]{36}\); the config file was not changed$/);
    else expect(record.reason).toMatch(/^interrupted after its commit/);
    // Its agents did not outlive the recovery, and the log says what became of each.
    for (const a of record.agents) {
      expect(a.exited, a.agentId).toBe(true);
      if (a.pid) expect(processGroupAlive(a.pid)).toBe(false);
    }
    expect((await simpleGit(path.join(runsDir, 'fake', 'workspace')).status()).isClean()).toBe(true);
    const commits = (await simpleGit(path.join(runsDir, 'fake', 'workspace')).log()).all.filter((c) => c.body.includes(dead));
    expect(commits.length).toBeLessThanOrEqual(1);
  }, 90_000);
});
