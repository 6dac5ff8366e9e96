/**
 * A worker's resident memory over 200 consecutive iterations (issue 5's figure: no growth beyond
 * 10 % after warm-up).
 *
 * One worker process (bench/scale-support/noop-worker.js: the real IterationWorkerPool,
 * TargetRunner and Conductor, with the in-process no-op agent — see scale-throughput.ts for
 * what a no-op iteration includes) runs 200 kickoffs of one target back to back through a real
 * redis-server. After each job it reports its RSS and V8 heap, both measured after a full
 * garbage collection (node --expose-gc), so the figures show memory that is kept, not garbage
 * that has not been collected yet.
 *
 * Warm-up: the first 100 iterations — JIT and module loading, first connections, and the
 * bounded buffers filling up, above all the conductor's ClawChat client's ring of its last 1000
 * events (about 12 events per no-op iteration, so full after ~85 iterations). Then 200
 * consecutive iterations are measured: growth = median of the last 20 samples vs the median of
 * the first 20 measured ones. The growth from iteration 21 on is printed too. The run log grows
 * by every iteration (each iteration re-reads it, and the HTML report is rewritten from it),
 * which is part of what is measured.
 *
 * Run: `npm run build && node dist/bench/scale-memory.js [iterations=200] [warmup=100]`.
 */
import { connectRedis } from '../orchestrator/scheduler/bullmq/redis-connection.js';
import { TargetQueues } from '../orchestrator/scheduler/bullmq/target-queues.js';
import { BenchRedis } from './scale-support/redis-server.js';
import { makeBenchWorld, percentile } from './scale-support/world.js';
import { loadControlContext } from '../orchestrator/control/control-context.js';

const iterations = Number(process.argv[2] ?? 200);
const WARMUP = Number(process.argv[3] ?? 100);
const total = WARMUP + iterations;
const redis = await BenchRedis.start();
const world = await makeBenchWorld(redis.url, 1, { prefix: 'mem' });
const ctx = await loadControlContext({ settings: world.settingsFile });
const connection = await connectRedis(redis.url);
const queues = new TargetQueues({ connection, redis: ctx.redis });
let samples: Array<{ rss: number; heapUsed: number; outcome: string; status: string | null }> = [];
const t0 = performance.now();
try {
  const worker = await world.worker(1, { gc: true });
  const base = Math.floor(Date.now() / 1000) * 1000;
  for (let i = 0; i < total; i++) await queues.kick(world.targets[0]!, 'tune', new Date(base + i * 1000));
  while (worker.jobs.length < total) await new Promise((r) => setTimeout(r, 50));
  samples = worker.jobs;
} finally {
  await queues.close();
  await connection.quit();
  await world.close();
  await redis.close();
}
const seconds = (performance.now() - t0) / 1000;
const bad = samples.filter((s) => s.outcome !== 'ran' || s.status !== 'no_change');
if (bad.length > 0) throw new Error(`${bad.length} iteration(s) did not end no_change`);
const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
const median = (xs: number[]): number => percentile(xs, 50);
const growth = (from: typeof samples, to: typeof samples, key: 'rss' | 'heapUsed'): { a: number; b: number; pct: number } => {
  const a = median(from.map((x) => x[key]));
  const b = median(to.map((x) => x[key]));
  return { a, b, pct: (b / a - 1) * 100 };
};
const line = (label: string, from: typeof samples, to: typeof samples): string => {
  const r = growth(from, to, 'rss');
  const h = growth(from, to, 'heapUsed');
  const pct = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
  return `${label}: RSS ${mb(r.a)} → ${mb(r.b)} MB (${pct(r.pct)}), heap ${mb(h.a)} → ${mb(h.b)} MB (${pct(h.pct)})\n`;
};
process.stdout.write(`${total} iterations (${WARMUP} warm-up + ${iterations} measured) in ${seconds.toFixed(1)} s on one worker\n\n iteration   RSS MB   heap MB\n`);
for (const i of [1, 20, 50, WARMUP, WARMUP + 50, WARMUP + 100, WARMUP + 150, total].filter((x, k, a) => x <= total && a.indexOf(x) === k).sort((x, y) => x - y)) {
  const s = samples[i - 1]!;
  process.stdout.write(`${String(i).padStart(10)}  ${mb(s.rss).padStart(7)}  ${mb(s.heapUsed).padStart(8)}\n`);
}
const measured = samples.slice(WARMUP);
process.stdout.write('\n' + line(`over the ${iterations} measured iterations (median of the first 20 → of the last 20)`, measured.slice(0, 20), measured.slice(-20)));
process.stdout.write(line('from iteration 21 on, warm-up included', samples.slice(20, 40), samples.slice(-20)));
const rssGrowth = growth(measured.slice(0, 20), measured.slice(-20), 'rss').pct;
process.stdout.write(rssGrowth <= 10 ? 'RSS growth over the measured iterations within 10 %\n' : 'RSS growth over the measured iterations ABOVE 10 %\n');
if (rssGrowth > 10) process.exitCode = 1;
