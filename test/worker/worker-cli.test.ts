import { execa } from 'execa';
import { Queue } from 'bullmq';
import { simpleGit } from 'simple-git';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../orchestrator/settings/settings.js';
import { RunLog } from '../../orchestrator/runlog/run-log.js';
import { queueName } from '../../orchestrator/scheduler/bullmq/queue-names.js';
import { processGroupAlive } from '../../workers/runtimes/process-group.js';
import { CLI } from '../scheduler/helpers/cli-process.js';
import { events, until, untilEvent } from '../scheduler/helpers/wait.js';
import { RedisServer } from './helpers/redis-server.js';
import { makeRedisWorld, type RedisWorld } from './helpers/redis-setup.js';

let redis: RedisServer;
let world: RedisWorld | null = null;
beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis.close();
});
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

function run(args: string[], settingsFile: string) {
  return execa(process.execPath, [CLI, ...args, '-s', settingsFile], { reject: false, env: { ITERCREW_LOG_LEVEL: 'warn' } });
}

async function done(runsDir: string): Promise<Awaited<ReturnType<RunLog['fold']>>['iterations']> {
  return (await RunLog.forTarget(runsDir, 'fake').fold()).iterations;
}

describe('BullMQ mode with real processes (itercrew start --redis, itercrew worker, kick, status)', () => {
  it('ticks and kicks run in a worker process; status reads Redis; a review kick runs in the worker; SIGTERM stops the worker', async () => {
    world = await makeRedisWorld(redis);
    const w = world;
    const reconcile = await run(['start', '--no-worker'], w.settingsFile);
    expect(reconcile.exitCode, reconcile.stderr).toBe(0);
    expect(reconcile.stdout).toMatch(/fake: every 2s, next tick \d{4}-/);

    const worker = w.cli(['worker', '--json']);
    await until('two scheduled iterations', async () => (await done(w.runsDir)).filter((r) => r.trigger === 'schedule' && r.complete && r.status !== 'skipped').length >= 2, 60_000);

    const status = await run(['status', '--json'], w.settingsFile);
    const s = JSON.parse(status.stdout);
    expect(s.queue.workers).toBeGreaterThanOrEqual(1);
    expect(Date.parse(s.nextTick) % 2_000).toBe(0);
    expect(s.scheduler).toMatchObject({ mode: 'bullmq' });

    const kick = await run(['kick', '--json'], w.settingsFile);
    expect(kick.exitCode, kick.stderr).toBe(0);
    const { iterationId, jobId, created } = JSON.parse(kick.stdout);
    expect(created).toBe(true);
    expect(jobId).toBe(`kick.${iterationId}`);
    await untilEvent(w.runsDir, 'fake', 'the kicked iteration to finish', (e) => e.type === 'iteration_finished' && e.iterationId === iterationId, 30_000);
    expect((await done(w.runsDir)).find((r) => r.iterationId === iterationId)).toMatchObject({ trigger: 'manual', kind: 'tune' });

    const review = await run(['kick', '--review', '--wait'], w.settingsFile);
    expect(review.exitCode, review.stderr).toBe(0);
    expect(review.stdout).toMatch(/fake-review-\d{8}T\d{6}Z ran: no_change — /);
    const reviewId = /(fake-review-\d{8}T\d{6}Z)/.exec(review.stdout)![1];
    expect((await done(w.runsDir)).find((r) => r.iterationId === reviewId)).toMatchObject({ kind: 'review', trigger: 'manual', status: 'no_change', complete: true });

    // Bad job data fails the job at once, with the reason, and runs nothing.
    const { redis: r } = loadSettings(w.settingsFile);
    const q = new Queue(queueName('fake'), { connection: { url: redis.url }, prefix: r!.prefix });
    try {
      const bad = await q.add('kick', { v: 1, target: 'fake', kind: 'tune', trigger: 'manual' }, { jobId: 'kick.bad' });
      await until('the bad job to fail', async () => (await bad.getState()) === 'failed' || undefined, 20_000);
      expect((await q.getJob('kick.bad'))!.failedReason).toMatch(/invalid data: iterationId/);
    } finally {
      await q.close();
    }

    const t0 = Date.now();
    const stopped = await worker.stop('SIGTERM');
    expect(stopped.exitCode).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
    const all = await done(w.runsDir);
    for (const rec of all) expect(rec.complete, rec.iterationId).toBe(true);
    expect(worker.lines.map((l) => JSON.parse(l).outcome)).toContain('ran');
  }, 120_000);

  it('a worker killed with SIGKILL after its commit: the stalled job is retried by another worker, which closes the iteration without a second commit and kills its agents', async () => {
    // No ticks: one kickoff, held after its commit by a slow deploy.
    world = await makeRedisWorld(redis, { schedule: { targets: { fake: 'off' } }, target: { deploy: ['sh', '-c', 'sleep 8'] } });
    const w = world;
    // The deploy only runs after a committed change; the fake target's PnL grows with `a`, so the team changes it.
    const w1 = w.cli(['worker']);
    await w1.waitForLine(/itercrew worker: fake/);
    const kick = JSON.parse((await run(['kick', '--json'], w.settingsFile)).stdout) as { iterationId: string; jobId: string };
    const committed = await untilEvent(w.runsDir, 'fake', 'the config commit', (e) => e.type === 'config_committed' || (e.type === 'iteration_finished' && e.iterationId === kick.iterationId), 30_000);
    expect(committed.type, 'the iteration committed (the agents kept the config otherwise)').toBe('config_committed');
    const agents = (await events(w.runsDir, 'fake')).filter((e) => e.type === 'agent_spawned') as Array<{ pid: number | null }>;
    expect(agents.some((a) => a.pid !== null && processGroupAlive(a.pid))).toBe(true);
    await w1.stop('SIGKILL');

    const w2 = w.cli(['worker', '--json']);
    const line = await w2.waitForLine((l) => l.startsWith('{') && JSON.parse(l).iterationId === kick.iterationId, 30_000);
    expect(JSON.parse(line)).toMatchObject({ outcome: 'already_finished', status: 'applied' });
    expect(JSON.parse(line).reason).toMatch(/^interrupted after its commit [0-9a-f]{7} \(the process running it died; last completed phase: decide, run [0-9a-f-]{36}\); PnL not measured$/);

    const { redis: r } = loadSettings(w.settingsFile);
    const q = new Queue(queueName('fake'), { connection: { url: redis.url }, prefix: r!.prefix });
    try {
      const job = (await q.getJob(kick.jobId))!;
      expect(await job.getState()).toBe('completed');
      expect(job.attemptsStarted).toBeGreaterThanOrEqual(2); // the dead worker's attempt, then the retry after the stall
    } finally {
      await q.close();
    }
    const repo = simpleGit(path.join(w.runsDir, 'fake', 'workspace'));
    expect((await repo.log()).all.filter((c) => c.body.includes(kick.iterationId))).toHaveLength(1);
    expect((await repo.status()).isClean()).toBe(true);
    const record = (await done(w.runsDir)).find((x) => x.iterationId === kick.iterationId)!;
    expect(record.status).toBe('applied');
    for (const a of record.agents) {
      expect(a.exited).toBe(true);
      if (a.pid) expect(processGroupAlive(a.pid)).toBe(false);
    }
    expect(record.agents.some((a) => a.reason?.startsWith('killed: still running after the process conducting its iteration died'))).toBe(true);
    await w2.stop('SIGTERM');
  }, 120_000);

  it('two `itercrew start --redis` on the same Redis: every tick has exactly one iteration (run or skipped)', async () => {
    world = await makeRedisWorld(redis);
    const w = world;
    const a = w.cli(['start', '--json']);
    const b = w.cli(['start', '--json']);
    await until('five scheduled ticks recorded', async () => (await done(w.runsDir)).filter((r) => r.trigger === 'schedule').length >= 5, 90_000);
    await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
    const all = await events(w.runsDir, 'fake');
    const started = all.filter((e) => e.type === 'iteration_started').map((e) => e.iterationId);
    expect(new Set(started).size).toBe(started.length);
    const ticks = started.filter((id) => /-tune-\d{8}T\d{6}Z$/.test(id)).map((id) => parseTick(id)).sort((x, y) => x - y);
    for (let t = ticks[0]!; t <= ticks.at(-1)!; t += 2_000) expect(ticks, `tick ${new Date(t).toISOString()}`).toContain(t);
    // Both processes took part (each ran at least one job) or one did all: either way, no tick twice.
    const outcomes = [...a.lines, ...b.lines].filter((l) => l.includes('"outcome"')).map((l) => JSON.parse(l) as { iterationId: string; outcome: string });
    const ran = outcomes.filter((o) => o.outcome === 'ran').map((o) => o.iterationId);
    expect(new Set(ran).size).toBe(ran.length);
  }, 120_000);

  it('Redis restarted mid-run: the worker reconnects and carries on, no tick lost or duplicated', async () => {
    world = await makeRedisWorld(redis, { redis: { lockDuration: '10s', stalledInterval: '2s' } });
    const w = world;
    const start = w.cli(['start', '--json']);
    await until('two scheduled iterations', async () => (await done(w.runsDir)).filter((r) => r.trigger === 'schedule' && r.status !== 'skipped').length >= 2, 60_000);
    // Redis goes down 300 ms before a tick and comes back 1.2 s after it: that tick's job fires late.
    const outageTick = Math.ceil((Date.now() + 500) / 2_000) * 2_000;
    await new Promise((r) => setTimeout(r, outageTick - 300 - Date.now()));
    await redis.kill('SIGKILL');
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, outageTick + 1_200 - Date.now()));
    await redis.restart();
    await until('two more scheduled iterations after the restart', async () => (await done(w.runsDir)).filter((r) => r.trigger === 'schedule' && r.status !== 'skipped' && Date.parse(r.startedAt) > downAt).length >= 2, 60_000);
    await start.stop('SIGTERM');
    const started = (await events(w.runsDir, 'fake')).filter((e) => e.type === 'iteration_started').map((e) => e.iterationId);
    expect(new Set(started).size).toBe(started.length);
    const ticks = started.map(parseTick).sort((x, y) => x - y);
    for (let t = ticks[0]!; t <= ticks.at(-1)!; t += 2_000) expect(ticks, `tick ${new Date(t).toISOString()}`).toContain(t);
    expect(ticks).toContain(outageTick);
    for (const rec of await done(w.runsDir)) expect(rec.complete).toBe(true);
  }, 150_000);
});

function parseTick(id: string): number {
  const m = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(id)!;
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

