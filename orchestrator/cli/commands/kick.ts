import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { QueueEvents } from 'bullmq';
import { addControlOptions, loadControlContext, type ControlCommandOptions, type ControlContext } from '../../control/control-context.js';
import { describeOutcome, outcomeSummary } from '../../control/run-outcome.js';
import { TargetRunner } from '../../control/target-runner.js';
import { ItercrewError } from '../../errors/index.js';
import { createLogger } from '../../logging/logger.js';
import { scheduledIterationId } from '../../runlog/iteration-id.js';
import { openChatEndpoint } from '../../runner/chat-endpoint.js';
import type { IterationJobResult } from '../../scheduler/bullmq/job-data.js';
import { kickTime } from '../../scheduler/kick-time.js';
import { scheduleFor } from '../../scheduler/schedule.js';
import { queueName } from '../../scheduler/bullmq/queue-names.js';
import { connectRedis } from '../../scheduler/bullmq/redis-connection.js';
import { TargetQueues } from '../../scheduler/bullmq/target-queues.js';
import type { Target } from '../../target/definition/target.js';

/** Options of `itercrew kick`. */
export interface KickCommandOptions extends ControlCommandOptions {
  /** A review iteration instead of a tune iteration. */
  review?: boolean;
  /** Embedded: wait for a busy target. Redis: wait until the job finished and print its result. */
  wait?: boolean;
  /** One JSON object instead of text. */
  json?: boolean;
}

/**
 * `itercrew kick [--review] [--target T] [--wait]`: a manual tune (or review) iteration, named by
 * the kickoff time (`<target>-<kind>-<UTC second>`), printed at once. With Redis it is enqueued
 * for the workers (`--wait` waits for its result); without, it runs here in the foreground
 * under the same per-target lock as `itercrew start`, so the two never overlap — a busy target
 * is an error (`target_busy`) unless `--wait`. Ctrl-C aborts it cleanly. Exit code 1 when the
 * iteration could not start, or the kill switch is on (a kick still runs during `itercrew pause`).
 */
export function registerKickCommand(program: Command): void {
  const cmd = program.command('kick').description('kick off a manual tune (or --review) iteration now; with --redis it is enqueued for the workers');
  addControlOptions(cmd, { redis: true, chat: true })
    .option('--review', 'a review iteration instead of a tune iteration')
    .option('--wait', 'embedded: wait while the target is busy; with --redis: wait for the result')
    .option('--json', 'print JSON')
    .action(async (opts: KickCommandOptions) => kickCommand(opts));
}

async function kickCommand(opts: KickCommandOptions): Promise<void> {
  const ctx = await loadControlContext(opts);
  if (ctx.targets.length !== 1) throw new ItercrewError('usage', `say which target to kick with --target (configured: ${ctx.targets.map((t) => t.name).join(', ')})`);
  const target = ctx.targets[0]!;
  const kind = opts.review ? 'review' : 'tune';
  const at = kickTime(new Date(), scheduleFor(ctx.settings.schedule, target.name));
  if (ctx.redisUrl) return kickQueued(ctx, ctx.redisUrl, target, kind, at, opts);

  const logger = createLogger({ level: process.env.ITERCREW_LOG_LEVEL ?? 'warn' });
  const id = scheduledIterationId(target.name, kind, at);
  if (!opts.json) process.stdout.write(`itercrew kick: ${id}\n`);
  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write(`\nitercrew: ${sig}: aborting the iteration (again to force)…\n`);
    abort.abort(`received ${sig}`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const chat = await openChatEndpoint(ctx.settings.chat, logger.child({ component: 'clawchat' }));
  const runner = new TargetRunner({ target, settings: ctx.settings, chat, runId: randomUUID(), logger });
  try {
    const outcome = await runner.runKick({ kind, at, wait: opts.wait, signal: abort.signal });
    process.stdout.write(opts.json ? JSON.stringify({ target: target.name, ...outcomeSummary(outcome) }) + '\n' : `${describeOutcome(outcome)}\n`);
    if (outcome.outcome === 'failed_to_start' || outcome.outcome === 'paused') process.exitCode = 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await runner.close();
    await chat.close();
  }
  if (abort.signal.aborted) process.exitCode = 130;
}

async function kickQueued(ctx: ControlContext, url: string, target: Target, kind: 'tune' | 'review', at: Date, opts: KickCommandOptions): Promise<void> {
  const connection = await connectRedis(url, { name: 'itercrew-kick' });
  const queues = new TargetQueues({ connection, redis: ctx.redis });
  let events: QueueEvents | null = null;
  try {
    if (opts.wait) {
      events = new QueueEvents(queueName(target.name), { connection: connection.duplicate(), prefix: ctx.redis.prefix });
      await events.waitUntilReady();
    }
    const kick = await queues.kick(target.name, kind, at);
    if (opts.json && !opts.wait) process.stdout.write(JSON.stringify({ target: target.name, ...kick }) + '\n');
    if (!opts.json) process.stdout.write(`itercrew kick: ${kick.iterationId} ${kick.created ? 'enqueued' : 'was already enqueued'} (job ${kick.jobId})\n`);
    if (!events) return;
    const job = await queues.queue(target.name).getJob(kick.jobId);
    const result = (await job!.waitUntilFinished(events)) as IterationJobResult;
    process.stdout.write(opts.json ? JSON.stringify({ target: target.name, ...kick, ...result }) + '\n' : `${result.iterationId} ${result.outcome.replace(/_/g, ' ')}${result.status ? `: ${result.status}` : ''}${result.reason ? ` — ${result.reason}` : ''}\n`);
    if (result.outcome === 'failed_to_start') process.exitCode = 1;
  } finally {
    await events?.close();
    await queues.close();
    await connection.quit().catch(() => connection.disconnect());
  }
}
