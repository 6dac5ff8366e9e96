import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { TargetRunner } from '../../orchestrator/control/target-runner.js';
import { projectRoot } from '../../orchestrator/paths.js';
import { RunLog } from '../../orchestrator/runlog/run-log.js';
import { connectRedis } from '../../orchestrator/scheduler/bullmq/redis-connection.js';
import { DEFAULT_REDIS_SETTINGS, type RedisSettings } from '../../orchestrator/scheduler/bullmq/redis-settings.js';
import { TargetQueues } from '../../orchestrator/scheduler/bullmq/target-queues.js';
import { SettingsSchema, type LoadedSettings } from '../../orchestrator/settings/settings.js';
import { loadTarget } from '../../orchestrator/target/definition/load-target.js';
import type { Target } from '../../orchestrator/target/definition/target.js';
import { IterationWorkerPool } from '../../workers/iteration-worker/iteration-worker-pool.js';
import { processGroupAlive } from '../../workers/runtimes/process-group.js';
import { LocalRuntime } from '../../workers/runtimes/local.js';
import { writeFakeTarget } from '../scheduler/helpers/fake-target.js';
import { TEST_DEADLINES } from '../scheduler/helpers/settings-file.js';
import { until } from '../scheduler/helpers/wait.js';
import { RedisServer } from './helpers/redis-server.js';

let redis: RedisServer;
let dir: string;
let chat: ClawChatServer;
let connection: Redis;
let redisSettings: RedisSettings;
let n = 0;
const silent = new LocalRuntime({ program: path.join(projectRoot(), 'test/fixtures/agents/silent.mjs') });

beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis.close();
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-pool-'));
  chat = await ClawChatServer.start({ tcp: { host: '127.0.0.1', port: 0 }, timers: { electionOptOutMs: 300 } });
  connection = await connectRedis(redis.url);
  redisSettings = { ...DEFAULT_REDIS_SETTINGS, prefix: `pool${++n}`, lockDuration: 3_000, stalledInterval: 1_000 };
});
afterEach(async () => {
  await connection.quit();
  await chat.close();
  await rm(dir, { recursive: true, force: true });
});

/** Settings with a silent team: each iteration lasts `proposeMs` and fails with no proposal. */
function settings(proposeMs: number): LoadedSettings {
  const runsDir = path.join(dir, 'runs');
  const parsed = SettingsSchema.parse({ runsDir, team: [{ role: 'tuner', runtime: 'fixture:silent' }], deadlines: { ...TEST_DEADLINES, proposeMs, closeMs: 200 }, schedule: { default: { every: '1h' } } });
  return { ...parsed, file: null, baseDir: dir, runsDirAbs: runsDir };
}

async function target(name: string, s: LoadedSettings): Promise<Target> {
  return loadTarget(await writeFakeTarget(path.join(dir, 'targets'), { name }), { runsDir: s.runsDirAbs });
}

function runner(t: Target, s: LoadedSettings): TargetRunner {
  return new TargetRunner({ target: t, settings: s, chat: { url: chat.url, key: chat.masterKey as string, electionOptOutMs: 300 }, runId: `pool-${t.name}`, runtimes: { 'fixture:silent': silent } });
}

describe('the iteration worker pool (real Redis, real agents)', () => {
  it('runs at most `concurrency` iterations at once across its targets', async () => {
    const s = settings(1_000);
    const targets = [await target('one', s), await target('two', s)];
    const queues = new TargetQueues({ connection, redis: redisSettings });
    const pool = IterationWorkerPool.start({ runners: targets.map((t) => runner(t, s)), connection, redis: redisSettings, scheduling: s.schedule, concurrency: 1 });
    try {
      const base = Date.now();
      for (const [i, t] of targets.entries()) {
        await queues.kick(t.name, 'tune', new Date(base + i * 1_000));
        await queues.kick(t.name, 'tune', new Date(base + 10_000 + i * 1_000));
      }
      const all = async () => (await Promise.all(targets.map((t) => RunLog.forTarget(s.runsDirAbs, t.name).fold()))).flatMap((f) => f.iterations);
      const records = await until('four iterations', async () => {
        const r = await all();
        return r.filter((x) => x.complete).length === 4 ? r : undefined;
      }, 60_000);
      const spans = records.map((r) => [Date.parse(r.startedAt), Date.parse(r.finishedAt!)] as const).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]![0], 'iterations must not overlap in a concurrency-1 worker').toBeGreaterThanOrEqual(spans[i - 1]![1]);
    } finally {
      await pool.close({ abort: true });
      await queues.close();
    }
  });

  it('close() aborts a running iteration through the processor’s signal: agents killed, run log closed, job completed', async () => {
    const s = settings(30_000);
    const t = await target('long', s);
    const queues = new TargetQueues({ connection, redis: redisSettings });
    const results: unknown[] = [];
    const pool = IterationWorkerPool.start({ runners: [runner(t, s)], connection, redis: redisSettings, scheduling: s.schedule, onJobDone: (_t, _j, r) => results.push(r) });
    try {
      const kick = await queues.kick('long', 'tune', new Date());
      const log = RunLog.forTarget(s.runsDirAbs, 'long');
      const spawned = await until('the agent to be spawned', async () => (await log.read()).events.find((e) => e.type === 'agent_spawned'));
      const t0 = Date.now();
      await pool.close({ abort: true, reason: 'test shutdown' });
      expect(Date.now() - t0).toBeLessThan(10_000);
      const record = (await log.fold()).iterations[0]!;
      expect(record).toMatchObject({ iterationId: kick.iterationId, status: 'failed', complete: true });
      expect(record.reason).toContain('aborted: test shutdown');
      expect(processGroupAlive((spawned as { pid: number }).pid)).toBe(false);
      expect(record.agents[0]!.reason).toMatch(/^killed: iteration aborted/);
      expect(results).toEqual([expect.objectContaining({ outcome: 'ran', status: 'failed', iterationId: kick.iterationId })]);
      expect(await (await queues.queue('long').getJob(kick.jobId))!.getState()).toBe('completed');
    } finally {
      await pool.close();
      await queues.close();
    }
  });
});
