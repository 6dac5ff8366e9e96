/**
 * Queue throughput: no-op iterations per second through BullMQ with 1, 2 and 4 worker
 * processes (issue 5's figure: show the scaling).
 *
 * Setup: a real redis-server on a free port, a ClawChat server, 8 no-op targets (so that the
 * per-target limit of one iteration at a time leaves room for 4 workers), and worker processes
 * running the real IterationWorkerPool / TargetRunner / Conductor with concurrency 1 each.
 *
 * A no-op iteration is a complete tune iteration whose team is one in-process agent that
 * proposes "keep the current config" (bench/scale-support/keep-agent-runtime.ts) on a target
 * whose evaluate command answers zero at once (bench/scale-support/noop-evaluate.ts). It
 * includes: the BullMQ job (fetch, lock renewal, completion), the per-target file lock, run-log
 * recovery check and appends (fsync per event), a ClawChat room with brief, task and proposal,
 * the conductor's keep decision, the walk-forward measurement (one evaluate process), the
 * transcript, running.json updates and the report refresh. It excludes agent processes and
 * any real evaluation.
 *
 * Two series:
 * - instant: the agent proposes at once. Each iteration is then pure orchestration work, mostly
 *   CPU (an evaluate process start, git, JSON, fsyncs), so workers scale only up to the free cores.
 * - think 1 s: the agent waits 1 s before proposing (no CPU), as real agents wait on their model.
 *   Iterations then mostly wait, and throughput scales with the number of workers — this is
 *   what scaling out buys.
 *
 * Method: workers are started and idle; then every job is enqueued at once (manual kickoffs,
 * `jobsPerTarget` per target) and the time from enqueueing to the last job's completion is
 * measured. Every iteration must end `no_change`.
 *
 * Run: `npm run build && node dist/bench/scale-throughput.js [jobsPerTarget=6]` (`THINK=<ms>` runs one
 * series with that agent wait only).
 */
import os from 'node:os';
import { connectRedis } from '../orchestrator/scheduler/bullmq/redis-connection.js';
import { TargetQueues } from '../orchestrator/scheduler/bullmq/target-queues.js';
import { DEFAULT_REDIS_SETTINGS } from '../orchestrator/scheduler/bullmq/redis-settings.js';
import { BenchRedis } from './scale-support/redis-server.js';
import { makeBenchWorld } from './scale-support/world.js';

const jobsPerTarget = Number(process.argv[2] ?? 6);
const TARGETS = 8;
const WORKERS = [1, 2, 4];

interface Row {
  workers: number;
  jobs: number;
  seconds: number;
  perSecond: number;
}

/** Runs `jobsPerTarget` no-op iterations on each target with `workers` worker processes; returns the timing. */
async function measure(redisUrl: string, workers: number, thinkMs: number, prefix: string): Promise<Row> {
  const world = await makeBenchWorld(redisUrl, TARGETS, { prefix });
  const connection = await connectRedis(redisUrl);
  const queues = new TargetQueues({ connection, redis: { ...DEFAULT_REDIS_SETTINGS, prefix } });
  try {
    const procs = await Promise.all(Array.from({ length: workers }, () => world.worker(1, { thinkMs })));
    const total = TARGETS * jobsPerTarget;
    const base = Math.floor(Date.now() / 1000) * 1000;
    const t0 = performance.now();
    for (let i = 0; i < jobsPerTarget; i++) for (const t of world.targets) await queues.kick(t, 'tune', new Date(base + i * 1000));
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (procs.reduce((s, p) => s + p.jobs.length, 0) >= total) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    const seconds = (performance.now() - t0) / 1000;
    const bad = procs.flatMap((p) => p.jobs.map((j) => `${j.outcome}:${j.status}`)).filter((o) => o !== 'ran:no_change');
    if (bad.length > 0) throw new Error(`unexpected outcomes: ${[...new Set(bad)].join(', ')}`);
    process.stdout.write(`  think ${thinkMs} ms, ${workers} worker(s): ${total} iterations in ${seconds.toFixed(2)} s (jobs per worker ${procs.map((p) => p.jobs.length).join('/')})\n`);
    return { workers, jobs: total, seconds, perSecond: total / seconds };
  } finally {
    await queues.close();
    await connection.quit();
    await world.close();
  }
}

function table(title: string, rows: Row[]): string {
  const one = rows[0]!.perSecond;
  const lines = [title, 'workers  iterations  seconds  iterations/s  speed-up'];
  for (const r of rows) lines.push(`${String(r.workers).padStart(7)}  ${String(r.jobs).padStart(10)}  ${r.seconds.toFixed(2).padStart(7)}  ${r.perSecond.toFixed(2).padStart(12)}  ${(r.perSecond / one).toFixed(2).padStart(7)}×`);
  return lines.join('\n') + '\n';
}

process.stdout.write(`machine: ${os.cpus().length} CPU(s), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${TARGETS} targets, ${jobsPerTarget} kickoffs each\n`);
const redis = await BenchRedis.start();
const series: Array<[string, Row[]]> = [];
try {
  for (const thinkMs of (process.env.THINK ? [Number(process.env.THINK)] : [0, 1_000])) {
    const rows: Row[] = [];
    for (const workers of WORKERS) rows.push(await measure(redis.url, workers, thinkMs, `tp${thinkMs}w${workers}`));
    series.push([thinkMs === 0 ? 'instant no-op iterations (orchestration only)' : 'no-op iterations whose agent waits 1 s (like an agent waiting on its model)', rows]);
  }
} finally {
  await redis.close();
}
for (const [title, rows] of series) process.stdout.write('\n' + table(title, rows));
