import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { addControlOptions, loadControlContext, requireExternalChat, type ControlCommandOptions } from '../../control/control-context.js';
import { jobLine } from '../../control/run-outcome.js';
import { onShutdownSignals } from '../../control/shutdown.js';
import { TargetRunner } from '../../control/target-runner.js';
import { ItercrewError } from '../../errors/index.js';
import { createLogger } from '../../logging/logger.js';
import { openChatEndpoint } from '../../runner/chat-endpoint.js';
import { SchedulerError } from '../../scheduler/errors/index.js';
import { connectRedis } from '../../scheduler/bullmq/redis-connection.js';
import { redactRedisUrl } from '../../scheduler/bullmq/redis-settings.js';
import { IterationWorkerPool } from '../../../workers/iteration-worker/iteration-worker-pool.js';

/** Options of `itercrew worker`. */
export interface WorkerCommandOptions extends ControlCommandOptions {
  /** Iterations this process runs at once, across its targets. Default 1. */
  concurrency?: string;
  /** One JSON line per finished job. */
  json?: boolean;
}

/**
 * `itercrew worker --redis <url> [--target T]… [--concurrency N]`: consumes iteration jobs —
 * scheduled ticks and kickoffs — from the targets' BullMQ queues, on any machine that shares the
 * runs directory and reaches Redis and the external ClawChat server. At most one iteration per
 * target runs at a time across all workers. SIGINT/SIGTERM: stops fetching, aborts the running
 * iteration cleanly and exits within a bounded time.
 */
export function registerWorkerCommand(program: Command): void {
  const cmd = program.command('worker').description('run iteration jobs from the BullMQ queues (needs --redis and an external ClawChat server)');
  addControlOptions(cmd, { redis: true, chat: true })
    .option('-c, --concurrency <n>', 'iterations this process runs at once (default 1)')
    .option('--json', 'one JSON line per finished job')
    .action(async (opts: WorkerCommandOptions) => workerCommand(opts));
}

async function workerCommand(opts: WorkerCommandOptions): Promise<void> {
  const ctx = await loadControlContext(opts);
  if (!ctx.redisUrl) throw new SchedulerError('redis_unavailable', 'itercrew worker needs Redis: --redis <url>, ITERCREW_REDIS_URL or redis.url in the settings');
  requireExternalChat(ctx.settings);
  const concurrency = opts.concurrency === undefined ? 1 : Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ItercrewError('usage', `--concurrency must be a positive integer, got ${JSON.stringify(opts.concurrency)}`);
  const logger = createLogger({ level: process.env.ITERCREW_LOG_LEVEL ?? 'info' });
  const connection = await connectRedis(ctx.redisUrl, { logger, name: 'itercrew-worker' });
  const chat = await openChatEndpoint(ctx.settings.chat, logger.child({ component: 'clawchat' }));
  const runId = randomUUID();
  const runners = ctx.targets.map((target) => new TargetRunner({ target, settings: ctx.settings, chat, runId, logger }));
  const pool = IterationWorkerPool.start({
    runners,
    connection,
    redis: ctx.redis,
    scheduling: ctx.settings.schedule,
    concurrency,
    logger,
    onJobDone: (target, jobId, result, error) => process.stdout.write(jobLine(target, jobId, result, error, opts.json)),
  });
  if (!opts.json) process.stdout.write(`itercrew worker: ${pool.targets.join(', ')} on ${redactRedisUrl(ctx.redisUrl)} (concurrency ${concurrency}), chat ${chat.url}, runs in ${ctx.settings.runsDirAbs}\n`);
  await new Promise<void>((resolve) => {
    onShutdownSignals(async () => {
      await pool.close({ abort: true, reason: 'itercrew worker is stopping' });
      await connection.quit().catch(() => connection.disconnect());
      await chat.close();
      resolve();
    });
  });
}
