import os from 'node:os';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TargetRunner } from '../../orchestrator/control/target-runner.js';
import { silentLogger } from '../../orchestrator/logging/logger.js';
import type { IterationJobResult } from '../../orchestrator/scheduler/bullmq/job-data.js';
import { queueName } from '../../orchestrator/scheduler/bullmq/queue-names.js';
import type { RedisSettings } from '../../orchestrator/scheduler/bullmq/redis-settings.js';
import { scheduleFor, type SchedulingSettings } from '../../orchestrator/scheduler/schedule.js';
import { TickSchedule } from '../../orchestrator/scheduler/tick-schedule.js';
import { processIterationJob, type TargetJobContext } from './processor.js';
import { SlotGate } from './slot-gate.js';

/** Options of {@link IterationWorkerPool.start}. */
export interface IterationWorkerPoolOptions {
  /** One runner per target this process serves. */
  runners: readonly TargetRunner[];
  /** The process's Redis connection (BullMQ duplicates it for blocking reads); not closed by the pool. */
  connection: Redis;
  /** Key prefix, lock duration, stalled-job checks. */
  redis: RedisSettings;
  /** Schedules (ticks BullMQ skipped are judged against them) and `missedAfter`. */
  scheduling: SchedulingSettings;
  /** Most iterations this process runs at once, across its targets. Default 1. */
  concurrency?: number;
  /** Worker name stored on the jobs it processes. Default `itercrew-worker@<host>:<pid>`. */
  name?: string;
  /** Called when a job of this process completes (its result) or fails (the error). Default none. */
  onJobDone?: (target: string, jobId: string | undefined, result: IterationJobResult | null, error?: Error) => void;
  /** Logger. Default silent. */
  logger?: Logger;
}

/** What {@link IterationWorkerPool.close} should do with running iterations. */
export interface PoolCloseOptions {
  /** Abort running iterations (agents killed, config restored, run log closed) instead of letting them finish. Default true. */
  abort?: boolean;
  /** Why (in the aborted iterations' reasons). Default `worker shutting down`. */
  reason?: string;
}

/**
 * `itercrew worker`: BullMQ workers that consume iteration jobs, one per target queue (each
 * with concurrency 1; the queue's global concurrency of 1 keeps one iteration per target across
 * all processes). At most `concurrency` iterations run in this process at once: when that many
 * run, the idle workers are paused (so other processes take the jobs) and resumed when a slot
 * frees. A worker killed mid-job stops renewing the job's lock; BullMQ's stalled-job check moves
 * the job back to wait (or to failed after `maxStalledCount`), and the next attempt closes the
 * dead iteration and finds it finished (no second commit).
 */
export class IterationWorkerPool {
  private readonly workers = new Map<string, Worker>();
  private readonly busy = new Set<string>();
  private readonly gate: SlotGate;
  private readonly logger: Logger;
  private closing: Promise<void> | null = null;

  private constructor(private readonly options: IterationWorkerPoolOptions) {
    this.logger = options.logger ?? silentLogger;
    this.gate = new SlotGate(
      options.concurrency ?? 1,
      () => this.pauseIdle(),
      () => this.resumeAll(),
    );
  }

  /** Starts the workers; they begin fetching jobs at once. */
  static start(options: IterationWorkerPoolOptions): IterationWorkerPool {
    const pool = new IterationWorkerPool(options);
    pool.startWorkers();
    return pool;
  }

  /** Iterations running in this process now. */
  get running(): number {
    return this.gate.inUse;
  }

  /** Target names served. */
  get targets(): string[] {
    return [...this.workers.keys()];
  }

  /**
   * Stops taking jobs, then aborts (default) or awaits the running iterations, and closes the
   * workers and the runners' chat connections. Resolves when every running job has returned.
   */
  close(options: PoolCloseOptions = {}): Promise<void> {
    this.closing ??= (async () => {
      const abort = options.abort ?? true;
      await Promise.all([...this.workers.values()].map((w) => w.pause(true).catch(() => undefined)));
      if (abort) for (const w of this.workers.values()) w.cancelAllJobs(options.reason ?? 'worker shutting down');
      await Promise.all([...this.workers.values()].map((w) => w.close().catch((err: unknown) => this.logger.warn({ err }, 'closing a BullMQ worker failed'))));
      await Promise.all(this.options.runners.map((r) => r.close()));
    })();
    return this.closing;
  }

  private startWorkers(): void {
    const { redis, scheduling } = this.options;
    const targets = new Map<string, TargetJobContext>();
    for (const runner of this.options.runners) {
      const schedule = scheduleFor(scheduling, runner.target.name);
      targets.set(runner.target.name, { runner, schedule: schedule ? new TickSchedule(schedule) : null });
    }
    const name = this.options.name ?? `itercrew-worker@${os.hostname()}:${process.pid}`;
    for (const target of targets.keys()) {
      const worker = new Worker<unknown, IterationJobResult>(
        queueName(target),
        async (job, _token, signal) => {
          this.busy.add(target);
          try {
            await this.gate.acquire(signal);
          } catch (err) {
            this.busy.delete(target);
            throw err;
          }
          try {
            this.logger.info({ job: job.id, target }, 'job started');
            return await processIterationJob(job, signal, { targets, missedAfterMs: scheduling.missedAfter });
          } finally {
            this.busy.delete(target);
            this.gate.release();
          }
        },
        {
          connection: this.options.connection,
          prefix: redis.prefix,
          name,
          concurrency: 1,
          lockDuration: redis.lockDuration,
          stalledInterval: redis.stalledInterval,
          maxStalledCount: redis.maxStalledCount,
          // Idle workers block on their queue's marker for at most 1 s (BullMQ's default is 5 s): a
          // wake-up taken by a worker this pool paused at capacity, or a slot freed by a target's
          // global concurrency, is then noticed by another worker within a second.
          drainDelay: 1,
        },
      );
      worker.on('completed', (job, result) => {
        this.logger.info({ job: job.id, target, ...result }, 'job completed');
        this.options.onJobDone?.(target, job.id, result);
      });
      worker.on('failed', (job, err) => {
        this.logger.error({ job: job?.id, target, err: err.message }, 'job failed');
        this.options.onJobDone?.(target, job?.id, null, err);
      });
      worker.on('stalled', (jobId) => this.logger.warn({ job: jobId, target }, 'job stalled (its worker stopped renewing the lock): moved back to wait'));
      worker.on('error', (err) => this.logger.warn({ target, err: err.message }, 'BullMQ worker error'));
      this.workers.set(target, worker);
    }
  }

  /** All slots taken: idle workers stop fetching. */
  private pauseIdle(): void {
    for (const [target, w] of this.workers) if (!this.busy.has(target)) void w.pause(true).catch(() => undefined);
  }

  /** A slot freed: every worker fetches again. */
  private resumeAll(): void {
    if (this.closing) return;
    for (const w of this.workers.values()) if (w.isPaused()) void w.resume();
  }
}
