import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { addControlOptions, loadControlContext, requireExternalChat, type ControlCommandOptions, type ControlContext } from '../../control/control-context.js';
import { thisProcess } from '../../control/process-identity.js';
import { jobLine, outcomeLine } from '../../control/run-outcome.js';
import { writeSchedulerPresence } from '../../control/scheduler-file.js';
import { onShutdownSignals } from '../../control/shutdown.js';
import { TargetRunner } from '../../control/target-runner.js';
import { ItercrewError } from '../../errors/index.js';
import { createLogger, type Logger } from '../../logging/logger.js';
import { openChatEndpoint } from '../../runner/chat-endpoint.js';
import { connectRedis } from '../../scheduler/bullmq/redis-connection.js';
import { redactRedisUrl } from '../../scheduler/bullmq/redis-settings.js';
import { JobSchedulerKeeper } from '../../scheduler/bullmq/scheduler-keeper.js';
import { TargetQueues } from '../../scheduler/bullmq/target-queues.js';
import { InProcessService } from '../../scheduler/in-process-service.js';
import { describeSchedule, scheduleFor } from '../../scheduler/schedule.js';
import { IterationWorkerPool } from '../../../workers/iteration-worker/iteration-worker-pool.js';

/** Options of `itercrew start`. */
export interface StartCommandOptions extends ControlCommandOptions {
  /** BullMQ mode: run an in-process worker (default true; `--no-worker` only reconciles the job schedulers). */
  worker?: boolean;
  /** BullMQ mode: iterations this process runs at once. Default 1. */
  concurrency?: string;
  /** One JSON line per outcome. */
  json?: boolean;
}

/**
 * `itercrew start [--target T]… [--redis <url>]`: unattended tuning.
 *
 * Embedded (no Redis): an in-process scheduler ticks every target on its schedule (settings
 * `schedule`, every 15 minutes by default), runs each tick's iteration under the target's lock
 * (a tick during a running iteration is recorded as skipped; no backfill after downtime) and
 * prints one line per tick. With Redis: reconciles a BullMQ job scheduler per configured target
 * (again after every Redis reconnect) and runs an in-process worker for the chosen targets
 * (`--no-worker`: reconcile and exit). SIGINT/SIGTERM stop it within a bounded time: running
 * iterations are aborted cleanly (agents killed, config restored, run log closed).
 */
export function registerStartCommand(program: Command): void {
  const cmd = program.command('start').description('run iterations unattended on a schedule: in-process, or BullMQ job schedulers with --redis');
  addControlOptions(cmd, { redis: true, chat: true })
    .option('--no-worker', 'with --redis: only reconcile the job schedulers, then exit (iterations run in `itercrew worker` processes)')
    .option('-c, --concurrency <n>', 'with --redis: iterations this process runs at once (default 1)')
    .option('--json', 'one JSON line per tick outcome')
    .action(async (opts: StartCommandOptions) => startCommand(opts));
}

async function startCommand(opts: StartCommandOptions): Promise<void> {
  const ctx = await loadControlContext(opts);
  const logger = createLogger({ level: process.env.ITERCREW_LOG_LEVEL ?? 'info' });
  if (ctx.redisUrl) return startBullmq(ctx, ctx.redisUrl, opts, logger);
  const scheduled = ctx.targets.filter((t) => scheduleFor(ctx.settings.schedule, t.name));
  if (scheduled.length === 0) throw new ItercrewError('usage', `nothing to schedule: the schedule of ${ctx.targets.map((t) => t.name).join(', ')} is off (itercrew kick still works)`);

  const chat = await openChatEndpoint(ctx.settings.chat, logger.child({ component: 'clawchat' }));
  const runId = randomUUID();
  const runners = scheduled.map((target) => new TargetRunner({ target, settings: ctx.settings, chat, runId, logger }));
  const service = InProcessService.start({ settings: ctx.settings, runners, logger, onOutcome: (target, _tick, o) => process.stdout.write(outcomeLine(target, o, opts.json)) });
  if (!opts.json) {
    process.stdout.write(`itercrew start: in-process scheduler, chat ${chat.url}, runs in ${ctx.settings.runsDirAbs}\n`);
    for (const t of scheduled) process.stdout.write(`  ${t.name}: ${describeSchedule(scheduleFor(ctx.settings.schedule, t.name))}, next tick ${service.nextTick(t.name)?.toISOString() ?? 'none'}\n`);
  }
  await new Promise<void>((resolve) => {
    onShutdownSignals(async () => {
      await service.stop();
      await chat.close();
      resolve();
    });
  });
}

async function startBullmq(ctx: ControlContext, url: string, opts: StartCommandOptions, logger: Logger): Promise<void> {
  const runWorker = opts.worker !== false;
  if (runWorker) requireExternalChat(ctx.settings);
  const concurrency = opts.concurrency === undefined ? 1 : Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ItercrewError('usage', `--concurrency must be a positive integer, got ${JSON.stringify(opts.concurrency)}`);
  const connection = await connectRedis(url, { logger, name: 'itercrew-start' });
  const queues = new TargetQueues({ connection, redis: ctx.redis });
  const wanted = ctx.configured.map((t) => ({ target: t.name, schedule: scheduleFor(ctx.settings.schedule, t.name) }));
  let keeper: JobSchedulerKeeper | null = null;
  try {
    const started = await JobSchedulerKeeper.start({ connection, queues, wanted, logger });
    keeper = started.keeper;
    const { report } = started;
    const startedAt = new Date().toISOString();
    for (const u of report.upserted) {
      await writeSchedulerPresence(ctx.settings.runsDirAbs, u.target, { ...thisProcess(), mode: 'bullmq', schedule: u.schedule, nextTick: u.next?.toISOString() ?? null, startedAt, updatedAt: startedAt });
    }
    if (!opts.json) {
      process.stdout.write(`itercrew start: BullMQ job schedulers on ${redactRedisUrl(url)} (prefix ${ctx.redis.prefix})\n`);
      for (const u of report.upserted) process.stdout.write(`  ${u.target}: ${u.schedule}, next tick ${u.next?.toISOString() ?? 'none'}\n`);
      for (const r of report.removed) process.stdout.write(`  ${r}: job scheduler removed (not configured, or off)\n`);
    } else {
      process.stdout.write(JSON.stringify({ time: new Date().toISOString(), reconciled: report }) + '\n');
    }
  } catch (err) {
    keeper?.stop();
    await queues.close();
    connection.disconnect();
    throw err;
  }
  if (!runWorker) {
    keeper.stop();
    await queues.close();
    await connection.quit();
    return;
  }

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
  if (!opts.json) process.stdout.write(`  worker: ${pool.targets.join(', ')} (concurrency ${concurrency}), chat ${chat.url}\n`);
  await new Promise<void>((resolve) => {
    onShutdownSignals(async () => {
      keeper!.stop();
      await pool.close({ abort: true, reason: 'itercrew start is stopping' });
      await queues.close();
      await connection.quit().catch(() => connection.disconnect());
      await chat.close();
      resolve();
    });
  });
}
