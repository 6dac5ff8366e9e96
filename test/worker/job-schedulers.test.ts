import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IterationJobDataSchema, tickOfSchedulerJob } from '../../orchestrator/scheduler/bullmq/job-data.js';
import { reconcileJobSchedulers } from '../../orchestrator/scheduler/bullmq/job-schedulers.js';
import { jobSchedulerId, queueName } from '../../orchestrator/scheduler/bullmq/queue-names.js';
import { connectRedis } from '../../orchestrator/scheduler/bullmq/redis-connection.js';
import { DEFAULT_REDIS_SETTINGS } from '../../orchestrator/scheduler/bullmq/redis-settings.js';
import { TargetQueues } from '../../orchestrator/scheduler/bullmq/target-queues.js';
import { SchedulerError } from '../../orchestrator/scheduler/errors/index.js';
import { TickSchedule } from '../../orchestrator/scheduler/tick-schedule.js';
import { RedisServer } from './helpers/redis-server.js';

let redis: RedisServer;
let connection: Redis;
let queues: TargetQueues;
let prefix: string;
let n = 0;

beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis.close();
});
beforeEach(async () => {
  connection = await connectRedis(redis.url);
  prefix = `t${++n}`;
  queues = new TargetQueues({ connection, redis: { ...DEFAULT_REDIS_SETTINGS, prefix } });
});
afterEach(async () => {
  await queues.close();
  await connection.quit();
});

describe('BullMQ job schedulers (real redis-server)', () => {
  it('reconcile upserts one scheduler per configured target on aligned ticks, with global concurrency 1', async () => {
    const now = new Date();
    const report = await reconcileJobSchedulers(queues, [
      { target: 'alpha', schedule: { every: 900_000 } },
      { target: 'beta', schedule: { cron: '0 0 * * *', timezone: 'Europe/Berlin' } },
    ], now);
    expect(report.removed).toEqual([]);
    expect(report.upserted.map((u) => [u.target, u.schedule])).toEqual([
      ['alpha', 'every 15m'],
      ['beta', 'cron 0 0 * * * (Europe/Berlin)'],
    ]);
    expect(report.upserted[0]!.next?.toISOString()).toBe(new TickSchedule({ every: 900_000 }).next(now)!.toISOString());
    expect(report.upserted[1]!.next?.toISOString()).toBe(new TickSchedule({ cron: '0 0 * * *', timezone: 'Europe/Berlin' }).next(now)!.toISOString());
    for (const t of ['alpha', 'beta']) {
      const q = queues.queue(t);
      expect(await q.getGlobalConcurrency()).toBe(1);
      const delayed = await q.getDelayed();
      expect(delayed).toHaveLength(1);
      expect(delayed[0]!.name).toBe('tick');
      expect(IterationJobDataSchema.parse(delayed[0]!.data)).toEqual({ v: 1, target: t, kind: 'tune', trigger: 'schedule' });
      expect(tickOfSchedulerJob(delayed[0]!.id)?.getTime()).toBe((await queues.nextTick(t))!.getTime());
    }
    expect(await queues.registeredTargets()).toEqual(['alpha', 'beta']);
  });

  it('removes the schedulers of targets that are off or no longer configured', async () => {
    await reconcileJobSchedulers(queues, [
      { target: 'alpha', schedule: { every: 60_000 } },
      { target: 'beta', schedule: { every: 60_000 } },
      { target: 'gamma', schedule: { every: 60_000 } },
    ]);
    const report = await reconcileJobSchedulers(queues, [
      { target: 'alpha', schedule: { every: 60_000 } },
      { target: 'beta', schedule: null },
    ]);
    expect(report.upserted.map((u) => u.target)).toEqual(['alpha']);
    expect(report.removed.sort()).toEqual(['beta', 'gamma']);
    expect(await queues.queue('beta').getJobScheduler(jobSchedulerId('beta'))).toBeUndefined();
    expect(await queues.queue('gamma').getJobScheduler(jobSchedulerId('gamma'))).toBeUndefined();
    expect(await queues.queue('gamma').getDelayedCount()).toBe(0);
    expect(await queues.registeredTargets()).toEqual(['alpha', 'beta']);
  });

  it('two schedulers reconciling at once end with one job scheduler and one next job per target', async () => {
    const other = new TargetQueues({ connection: await connectRedis(redis.url), redis: { ...DEFAULT_REDIS_SETTINGS, prefix } });
    const wanted = [{ target: 'alpha', schedule: { every: 5_000 } }];
    try {
      await Promise.all([reconcileJobSchedulers(queues, wanted), reconcileJobSchedulers(other, wanted), reconcileJobSchedulers(queues, wanted)]);
      const q = queues.queue('alpha');
      expect(await q.getJobSchedulersCount()).toBe(1);
      const jobs = await q.getJobs(['delayed', 'waiting', 'prioritized']);
      expect(jobs).toHaveLength(1);
      expect(tickOfSchedulerJob(jobs[0]!.id)!.getTime() % 5_000).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a BullMQ scheduler error is a loud SchedulerError naming the target', async () => {
    const schedule = { cron: '0 0 1 1 *', timezone: 'UTC' };
    const next = new TickSchedule(schedule).next(new Date())!;
    // Another job already holds the id of the next tick's job: BullMQ refuses (job id collision).
    await queues.queue('alpha').add('intruder', {}, { jobId: `repeat:${jobSchedulerId('alpha')}:${next.getTime()}` });
    const err = await reconcileJobSchedulers(queues, [{ target: 'alpha', schedule }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchedulerError);
    expect(err).toMatchObject({ code: 'job_scheduler_failed' });
    expect((err as Error).message).toContain('alpha');
    expect((err as Error).message).toMatch(/job ID already exists/);
  });

  it('a kick is one job per target and second, carrying its iteration id', async () => {
    const at = new Date('2026-02-24T15:15:07.400Z');
    const first = await queues.kick('alpha', 'review', at);
    expect(first).toEqual({ iterationId: 'alpha-review-20260224T151507Z', jobId: 'kick.alpha-review-20260224T151507Z', created: true });
    const again = await queues.kick('alpha', 'review', new Date(at.getTime() + 300));
    expect(again.created).toBe(false);
    const jobs = await queues.queue('alpha').getWaiting();
    expect(jobs).toHaveLength(1);
    expect(IterationJobDataSchema.parse(jobs[0]!.data)).toMatchObject({ trigger: 'manual', kind: 'review', iterationId: 'alpha-review-20260224T151507Z', requestedAt: '2026-02-24T15:15:07.000Z' });
    expect(queueName('alpha')).toBe('target.alpha');
  });
});
