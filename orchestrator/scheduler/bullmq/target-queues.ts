import os from 'node:os';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { IterationKind } from '../../runlog/events/iteration-events.js';
import { scheduledIterationId } from '../../runlog/iteration-id.js';
import type { IterationJobData } from './job-data.js';
import { jobSchedulerId, KICK_JOB_NAME, kickJobId, queueName, targetRegistryKey } from './queue-names.js';
import type { RedisSettings } from './redis-settings.js';

/** Options of {@link TargetQueues}. */
export interface TargetQueuesOptions {
  /** The process's Redis connection ({@link connectRedis}); not closed by {@link TargetQueues.close}. */
  connection: Redis;
  /** Key prefix and job retention. */
  redis: Pick<RedisSettings, 'prefix' | 'keepJobs'>;
}

/** What `kick` enqueued. */
export interface EnqueuedKick {
  /** The iteration the workers will run. */
  iterationId: string;
  /** The BullMQ job id. */
  jobId: string;
  /** False when a job with that id already existed (the same kick, within the same second). */
  created: boolean;
}

/**
 * The BullMQ queues of the targets, one per target, each with a global concurrency of 1 (BullMQ
 * enforces it across all workers): at most one iteration of a target is active at a time, while
 * different targets run in parallel.
 */
export class TargetQueues {
  private readonly queues = new Map<string, Queue>();
  private readonly prepared = new Set<string>();

  constructor(private readonly options: TargetQueuesOptions) {}

  /** The queue of `target` (opened on first use). */
  queue(target: string): Queue {
    let q = this.queues.get(target);
    if (!q) {
      q = new Queue(queueName(target), { connection: this.options.connection, prefix: this.options.redis.prefix });
      this.queues.set(target, q);
    }
    return q;
  }

  /** Makes sure `target`'s queue has a global concurrency of 1 and is in the target registry. Idempotent. */
  async prepare(target: string): Promise<Queue> {
    const q = this.queue(target);
    if (!this.prepared.has(target)) {
      await q.setGlobalConcurrency(1);
      await this.options.connection.sadd(targetRegistryKey(this.options.redis.prefix), target);
      this.prepared.add(target);
    }
    return q;
  }

  /** Default job options: finished jobs kept (bounded), no retries beyond BullMQ's stalled-job recovery. */
  jobOptions(): { removeOnComplete: { count: number }; removeOnFail: { count: number }; attempts: number } {
    const keep = this.options.redis.keepJobs;
    return { removeOnComplete: { count: keep }, removeOnFail: { count: keep }, attempts: 1 };
  }

  /**
   * Enqueues a manual kickoff of `target`: a `kind` iteration named by the kickoff time `at`
   * (whole seconds; see kickTime — the same second gives the same id, so a double kick is one job).
   */
  async kick(target: string, kind: IterationKind, at: Date): Promise<EnqueuedKick> {
    const q = await this.prepare(target);
    const iterationId = scheduledIterationId(target, kind, at);
    const jobId = kickJobId(iterationId);
    const existed = (await q.getJob(jobId)) !== undefined;
    const data: IterationJobData = {
      v: 1,
      target,
      kind,
      trigger: 'manual',
      iterationId,
      requestedAt: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
      requestedBy: `${os.userInfo().username}@${os.hostname()}`,
    };
    await q.add(KICK_JOB_NAME, data, { ...this.jobOptions(), jobId });
    return { iterationId, jobId, created: !existed };
  }

  /** The next tick of `target`'s job scheduler, or null when it has none. */
  async nextTick(target: string): Promise<Date | null> {
    const s = await this.queue(target).getJobScheduler(jobSchedulerId(target));
    return s?.next ? new Date(s.next) : null;
  }

  /** Every target name that has (had) a queue under this prefix. */
  async registeredTargets(): Promise<string[]> {
    return (await this.options.connection.smembers(targetRegistryKey(this.options.redis.prefix))).sort();
  }

  /** Drops `target` from the registry (after its scheduler was removed). */
  async unregister(target: string): Promise<void> {
    await this.options.connection.srem(targetRegistryKey(this.options.redis.prefix), target);
    this.prepared.delete(target);
  }

  /** Closes the queues (not the shared connection). */
  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
