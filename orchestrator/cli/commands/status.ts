import type { Command } from 'commander';
import { addControlOptions, loadControlContext, type ControlCommandOptions } from '../../control/control-context.js';
import { targetStatus, type TargetStatus } from '../../control/target-status.js';
import { formatDuration } from '../../scheduler/duration.js';
import { connectRedis } from '../../scheduler/bullmq/redis-connection.js';
import { TargetQueues } from '../../scheduler/bullmq/target-queues.js';
import { formatPnl } from '../format/iteration-rows.js';

/** Options of `itercrew status`. */
export interface StatusCommandOptions extends ControlCommandOptions {
  json?: boolean;
}

/** BullMQ counts of a target's queue (with --redis). */
interface QueueStatus {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Workers connected to the queue. */
  workers: number;
}

/**
 * `itercrew status [--json] [--redis <url>]`: per target, the schedule and the next tick, the
 * scheduler process, the running iteration and its phase, the last result, and whether ticks
 * are paused; with Redis also the next tick from its job scheduler and the queue's job counts.
 */
export function registerStatusCommand(program: Command): void {
  const cmd = program.command('status').description('per target: next tick, running iteration and phase, last result, paused or not');
  addControlOptions(cmd, { redis: true })
    .option('--json', 'one JSON object per target')
    .action(async (opts: StatusCommandOptions) => {
      const ctx = await loadControlContext(opts);
      const statuses: Array<TargetStatus & { queue?: QueueStatus }> = [];
      if (ctx.redisUrl) {
        const connection = await connectRedis(ctx.redisUrl, { name: 'itercrew-status' });
        const queues = new TargetQueues({ connection, redis: ctx.redis });
        try {
          for (const t of ctx.targets) {
            const q = queues.queue(t.name);
            const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
            const queue: QueueStatus = {
              waiting: counts.waiting ?? 0,
              active: counts.active ?? 0,
              delayed: counts.delayed ?? 0,
              failed: counts.failed ?? 0,
              completed: counts.completed ?? 0,
              workers: await q.getWorkersCount(),
            };
            statuses.push({ ...(await targetStatus(ctx.settings, t.name, await queues.nextTick(t.name))), queue });
          }
        } finally {
          await queues.close();
          await connection.quit().catch(() => connection.disconnect());
        }
      } else {
        for (const t of ctx.targets) statuses.push(await targetStatus(ctx.settings, t.name));
      }
      for (const s of statuses) process.stdout.write(opts.json ? JSON.stringify(s) + '\n' : statusText(s));
    });
}

/** The text block of one target. */
function statusText(s: TargetStatus & { queue?: QueueStatus }): string {
  const now = Date.now();
  const ago = (iso: string): string => formatDuration(Math.max(0, Math.round((now - Date.parse(iso)) / 1000) * 1000));
  const lines: string[] = [];
  const next = s.nextTick ? `next tick ${s.nextTick} (in ${formatDuration(Math.max(0, Math.round((Date.parse(s.nextTick) - now) / 1000) * 1000))})` : 'no tick scheduled';
  const scheduler = s.scheduler
    ? `${s.scheduler.mode} scheduler pid ${s.scheduler.pid} on ${s.scheduler.host}${s.scheduler.state === 'dead' ? ' (not running)' : s.scheduler.state === 'unknown' ? ' (other host)' : ''}`
    : 'never started';
  lines.push(`${s.target}  ${s.schedule} · ${next} · ${scheduler}`);
  if (s.paused) lines.push(`  paused:  since ${s.paused.since} by ${s.paused.by}${s.paused.reason ? ` — ${s.paused.reason}` : ''} (${s.paused.source})`);
  if (s.running) {
    lines.push(
      s.running.state === 'running'
        ? `  running: ${s.running.iterationId} (${s.running.trigger}) phase ${s.running.phase} for ${ago(s.running.phaseSince)} · pid ${s.running.pid} on ${s.running.host}`
        : `  interrupted: ${s.running.iterationId} (its process ${s.running.pid} on ${s.running.host} is gone; the next iteration closes it)`,
    );
  } else lines.push('  running: nothing');
  if (s.last) lines.push(`  last:    ${s.last.iterationId}${s.last.n ? ` #${s.last.n}` : ''} ${s.last.status}${s.last.pnl !== null ? ` PnL ${formatPnl(s.last.pnl)}` : ''}${s.last.commit ? ` commit ${s.last.commit.slice(0, 7)}` : ''}${s.last.finishedAt ? ` (${ago(s.last.finishedAt)} ago)` : ''}${s.last.reason ? ` — ${s.last.reason}` : ''}`);
  else lines.push('  last:    no iteration yet');
  if (s.queue) lines.push(`  queue:   ${s.queue.waiting} waiting, ${s.queue.active} active, ${s.queue.delayed} delayed, ${s.queue.failed} failed · ${s.queue.workers} worker(s)`);
  if (s.skippedLines > 0) lines.push(`  run log: ${s.skippedLines} unreadable line(s) skipped (itercrew log lists them)`);
  return lines.join('\n') + '\n';
}
