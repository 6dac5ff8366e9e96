#!/usr/bin/env node
/**
 * A benchmark worker process: `itercrew worker` with the no-op agent runtime (KeepAgentRuntime)
 * instead of local agent processes — the same IterationWorkerPool, TargetRunner, Conductor,
 * BullMQ and Redis code. Usage:
 *
 *   node dist/bench/scale-support/noop-worker.js <settings file> [concurrency=1] [--gc] [--think=<ms>]
 *
 * Prints `ready` once its workers listen, then one JSON line per finished job:
 * `{"job": id, "outcome": …, "rss": bytes, "heapUsed": bytes}` (with --gc, measured after a
 * full garbage collection; needs node --expose-gc). `--think=<ms>`: each agent waits that long
 * before proposing (an agent waiting on its model: wall time, no CPU).
 */
import { randomUUID } from 'node:crypto';
import { loadControlContext } from '../../orchestrator/control/control-context.js';
import { TargetRunner } from '../../orchestrator/control/target-runner.js';
import { openChatEndpoint } from '../../orchestrator/runner/chat-endpoint.js';
import { connectRedis } from '../../orchestrator/scheduler/bullmq/redis-connection.js';
import { IterationWorkerPool } from '../../workers/iteration-worker/iteration-worker-pool.js';
import { KeepAgentRuntime } from './keep-agent-runtime.js';

const [settingsFile, concurrencyArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const withGc = process.argv.includes('--gc');
const ctx = await loadControlContext({ settings: settingsFile });
const connection = await connectRedis(ctx.redisUrl!, { name: 'itercrew-bench-worker' });
const chat = await openChatEndpoint(ctx.settings.chat);
const think = Number(/^--think=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--think=')) ?? '')?.[1] ?? 0);
const runtime = new KeepAgentRuntime(think);
const runId = randomUUID();
const runners = ctx.targets.map((target) => new TargetRunner({ target, settings: ctx.settings, chat, runId, runtimes: { keep: runtime } }));
const gc = (globalThis as { gc?: () => void }).gc;
const pool = IterationWorkerPool.start({
  runners,
  connection,
  redis: ctx.redis,
  scheduling: ctx.settings.schedule,
  concurrency: Number(concurrencyArg ?? 1),
  onJobDone: (_target, jobId, result, error) => {
    if (withGc && gc) gc();
    const m = process.memoryUsage();
    process.stdout.write(JSON.stringify({ job: jobId, outcome: result?.outcome ?? 'job_failed', status: result?.status ?? null, error: error?.message, rss: m.rss, heapUsed: m.heapUsed }) + '\n');
  },
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void (async () => {
    await pool.close({ abort: true });
    await connection.quit();
    await chat.close();
    process.exit(0);
  })();
});
