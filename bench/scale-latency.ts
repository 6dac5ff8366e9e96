/**
 * Tick-to-first-agent-spawned latency (issue 5's figure): from a tick's scheduled time to the
 * moment the first agent process of its iteration exists (the `local` runtime's spawn returned
 * a pid), in both scheduling modes:
 *
 * - in-process: `itercrew start`'s InProcessService (croner/every timers) → TargetRunner →
 *   Conductor → brief → spawn;
 * - BullMQ: a job scheduler in a real redis-server → the delayed job is promoted at the tick →
 *   IterationWorkerPool fetches it → TargetRunner → Conductor → brief → spawn.
 *
 * What lies between tick and spawn: the timer or BullMQ promotion and fetch, the per-target lock,
 * reading the run log (recovery check), git HEAD and config reads, `iteration_started` (fsync),
 * creating the iteration's ClawChat room and posting the brief. The first tick of each mode also
 * opens the conductor (chat connection, workspace repo, the evaluate command's info) and is
 * reported apart as "cold". Agents are real local-agent processes on the no-op target; ticks
 * come every 3 s.
 *
 * Run: `npm run build && node dist/bench/scale-latency.js [ticks=8]`.
 */
import { randomUUID } from 'node:crypto';
import { loadControlContext } from '../orchestrator/control/control-context.js';
import { TargetRunner } from '../orchestrator/control/target-runner.js';
import { parseIterationId } from '../orchestrator/runlog/iteration-id.js';
import { connectRedis } from '../orchestrator/scheduler/bullmq/redis-connection.js';
import { JobSchedulerKeeper } from '../orchestrator/scheduler/bullmq/scheduler-keeper.js';
import { TargetQueues } from '../orchestrator/scheduler/bullmq/target-queues.js';
import { InProcessService } from '../orchestrator/scheduler/in-process-service.js';
import { scheduleFor } from '../orchestrator/scheduler/schedule.js';
import type { AgentHandle, AgentRuntime, AgentSpec } from '../workers/runtimes/agent-runtime.js';
import { LocalRuntime } from '../workers/runtimes/local.js';
import { IterationWorkerPool } from '../workers/iteration-worker/iteration-worker-pool.js';
import { BenchRedis } from './scale-support/redis-server.js';
import { makeBenchWorld, percentile } from './scale-support/world.js';

const ticks = Number(process.argv[2] ?? 8);

/** The local runtime, noting when each iteration's first agent process exists. */
class TimedLocalRuntime implements AgentRuntime {
  readonly name = 'local';
  readonly firstSpawn = new Map<string, number>();
  private readonly inner = new LocalRuntime();

  spawn(spec: AgentSpec): AgentHandle {
    const handle = this.inner.spawn(spec);
    if (!this.firstSpawn.has(spec.iterationId)) this.firstSpawn.set(spec.iterationId, Date.now());
    return handle;
  }
}

/** Latencies (ms) of the scheduled iterations seen by `runtime`, oldest first. */
function latencies(runtime: TimedLocalRuntime): number[] {
  return [...runtime.firstSpawn.entries()]
    .map(([id, at]) => {
      const p = parseIterationId(id);
      return p && 'tick' in p ? { tick: p.tick.getTime(), ms: at - p.tick.getTime() } : null;
    })
    .filter((x): x is { tick: number; ms: number } => x !== null)
    .sort((a, b) => a.tick - b.tick)
    .map((x) => x.ms);
}

async function waitFor(runtime: TimedLocalRuntime, n: number): Promise<void> {
  while (runtime.firstSpawn.size < n) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 2_500)); // let the last iteration finish before shutting down
}

const team = [{ role: 'tuner', runtime: 'local', heuristic: 'coordinate' }];
const schedule = { default: { every: '3s' }, missedAfter: '1m' };
const redis = await BenchRedis.start();
const results: Array<[string, number[]]> = [];
try {
  // In-process mode.
  {
    const world = await makeBenchWorld(redis.url, 1, { team, schedule, prefix: 'lat-a' });
    const ctx = await loadControlContext({ settings: world.settingsFile });
    const runtime = new TimedLocalRuntime();
    const chat = { url: world.chat.url, key: world.chat.masterKey as string, electionOptOutMs: 300 };
    const runners = ctx.targets.map((target) => new TargetRunner({ target, settings: ctx.settings, chat, runId: randomUUID(), runtimes: { local: runtime } }));
    const service = InProcessService.start({ settings: ctx.settings, runners });
    await waitFor(runtime, ticks);
    await service.stop();
    await world.close();
    results.push(['in-process', latencies(runtime)]);
  }
  // BullMQ mode.
  {
    const world = await makeBenchWorld(redis.url, 1, { team, schedule, prefix: 'lat-b' });
    const ctx = await loadControlContext({ settings: world.settingsFile });
    const connection = await connectRedis(redis.url);
    const queues = new TargetQueues({ connection, redis: ctx.redis });
    const { keeper } = await JobSchedulerKeeper.start({ connection, queues, wanted: ctx.targets.map((t) => ({ target: t.name, schedule: scheduleFor(ctx.settings.schedule, t.name) })) });
    const runtime = new TimedLocalRuntime();
    const chat = { url: world.chat.url, key: world.chat.masterKey as string, electionOptOutMs: 300 };
    const runners = ctx.targets.map((target) => new TargetRunner({ target, settings: ctx.settings, chat, runId: randomUUID(), runtimes: { local: runtime } }));
    const pool = IterationWorkerPool.start({ runners, connection, redis: ctx.redis, scheduling: ctx.settings.schedule });
    await waitFor(runtime, ticks);
    keeper.stop();
    await pool.close({ abort: true });
    await queues.close();
    await connection.quit();
    await world.close();
    results.push(['BullMQ', latencies(runtime)]);
  }
} finally {
  await redis.close();
}

process.stdout.write('\nmode        cold (1st tick)  warm ticks  median   p95    max   (ms from tick to first agent process)\n');
for (const [mode, ms] of results) {
  const warm = ms.slice(1);
  process.stdout.write(
    `${mode.padEnd(10)}  ${String(ms[0]).padStart(15)}  ${String(warm.length).padStart(10)}  ${String(percentile(warm, 50)).padStart(6)}  ${String(percentile(warm, 95)).padStart(5)}  ${String(Math.max(...warm)).padStart(5)}\n`,
  );
}
