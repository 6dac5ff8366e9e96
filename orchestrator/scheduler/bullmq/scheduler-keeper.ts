import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { silentLogger } from '../../logging/logger.js';
import { reconcileJobSchedulers, type ReconcileReport, type WantedSchedule } from './job-schedulers.js';
import type { TargetQueues } from './target-queues.js';

/** Options of {@link JobSchedulerKeeper.start}. */
export interface JobSchedulerKeeperOptions {
  connection: Redis;
  queues: TargetQueues;
  /** The configured targets and schedules. */
  wanted: readonly WantedSchedule[];
  /** Called after every reconcile (boot and each reconnect). Default none. */
  onReconciled?: (report: ReconcileReport) => void;
  logger?: Logger;
}

/**
 * BullMQ mode of `itercrew start`: reconciles the job schedulers with the settings at boot (a
 * failure is thrown: loud), and again whenever the Redis connection comes back — a Redis that
 * restarted without its data gets its schedulers back; one that kept them is left as it was
 * (upserting is idempotent: the same next job, no duplicate tick).
 */
export class JobSchedulerKeeper {
  private readonly onReady: () => void;

  private constructor(private readonly options: JobSchedulerKeeperOptions) {
    const logger = options.logger ?? silentLogger;
    this.onReady = () => {
      reconcileJobSchedulers(options.queues, options.wanted).then(
        (report) => {
          logger.info({ upserted: report.upserted.map((u) => u.target), removed: report.removed }, 'job schedulers reconciled after reconnecting to Redis');
          options.onReconciled?.(report);
        },
        (err: unknown) => logger.error({ err }, 'job schedulers could not be reconciled after reconnecting to Redis'),
      );
    };
  }

  /**
   * Reconciles now and keeps doing so after reconnects.
   *
   * @throws SchedulerError `job_scheduler_failed` when the boot-time reconcile fails.
   */
  static async start(options: JobSchedulerKeeperOptions): Promise<{ keeper: JobSchedulerKeeper; report: ReconcileReport }> {
    const report = await reconcileJobSchedulers(options.queues, options.wanted);
    options.onReconciled?.(report);
    const keeper = new JobSchedulerKeeper(options);
    options.connection.on('ready', keeper.onReady);
    return { keeper, report };
  }

  /** Stops reconciling on reconnects (the schedulers stay in Redis). */
  stop(): void {
    this.options.connection.off('ready', this.onReady);
  }
}
