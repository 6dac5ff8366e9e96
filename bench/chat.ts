/**
 * bench/chat (issue 3's figures): ClawChat fan-out throughput and delivery latency against Redis
 * PUBLISH/SUBSCRIBE as the reference, and the server's memory with many agents and messages.
 *
 * 1. Fan-out, 1 sender → 8 receivers on loopback TCP, each system in the same run:
 *    - Redis: a redis-server started on a free port (no persistence), ioredis PUBLISH/SUBSCRIBE.
 *    - ClawChat: the embedded server alone in its own process, no auth (no rate limits), with
 *      its SQLite store in a file (`itercrew chat serve`'s default) and in memory (`itercrew
 *      run`'s embedded server). Sender and receivers use itercrew's ClawChatClient. A message is
 *      a `send_message`: stored with its seq, fanned out, plus the protocol's `turn_changed`.
 *    Saturated: N messages as fast as they are delivered, at most W not yet delivered to every
 *    receiver (an end-to-end window; a ClawChat server drops an agent that lets 256 frames pile
 *    up) → messages/s = sent ÷ (first send → last delivery), and latency under that load.
 *    Paced: R messages/s → delivery latency p50/p99 (send → receipt, over every delivery).
 *    Goals: ClawChat ≥ 25 % of Redis's messages/s; delivery p99 ≤ 5 ms. Two more rows use bare
 *    receivers (JSON.parse per line, no validation) to separate the server's cost from the
 *    client library's; the goals are judged on the ClawChatClient rows.
 * 2. Memory: a fresh server process (SQLite file), 100 connected agents in 20 rooms, 100,000
 *    messages stored; its resident memory (VmRSS; VmHWM = peak). Goal ≤ 150 MB. Also the idle
 *    RSS of `itercrew chat serve` (the CLI loads only the `chat` commands' modules).
 *
 * Run: `npm run build && node dist/bench/chat.js [N=20000] [R=1000]` (needs redis-server on PATH).
 */
import { runFanout, type FanoutResult, type FanoutSystem } from './chat-support/fanout.js';
import { runMemory } from './chat-support/memory.js';
import { ChatServerProcess, residentMb, type ChatServerProcessOptions } from './chat-support/processes.js';
import { BenchRedis } from './scale-support/redis-server.js';
import { fmt } from './chat-support/stats.js';
import { clawchatSystem, redisSystem } from './chat-support/systems.js';

const N = Number(process.argv[2] ?? 20_000);
const RATE = Number(process.argv[3] ?? 1_000);
const RECEIVERS = 8;
const WINDOW = 64;
const BYTES = 128;

interface Row {
  name: string;
  saturated: FanoutResult;
  paced: FanoutResult;
}

async function measure(name: string, system: FanoutSystem): Promise<Row> {
  try {
    await runFanout(system, RECEIVERS, { messages: Math.min(2_000, N), window: WINDOW, bytes: BYTES }); // warm-up (JIT, caches)
    const saturated = await runFanout(system, RECEIVERS, { messages: N, window: WINDOW, bytes: BYTES });
    const paced = await runFanout(system, RECEIVERS, { messages: Math.max(500, RATE * 3), ratePerSecond: RATE, bytes: BYTES });
    return { name, saturated, paced };
  } finally {
    await system.close();
  }
}

async function measureClawChat(name: string, server: ChatServerProcessOptions, receivers: 'client' | 'raw' = 'client'): Promise<Row> {
  const process_ = await ChatServerProcess.start(server);
  try {
    return await measure(name, await clawchatSystem(process_.url, RECEIVERS, receivers));
  } finally {
    await process_.close();
  }
}

const out = (line: string): boolean => process.stdout.write(`${line}\n`);
out(`chat fan-out: 1 sender → ${RECEIVERS} receivers, loopback TCP, ${BYTES}-byte messages; saturated N=${N} (window ${WINDOW}), paced ${RATE} msg/s`);
const rows: Row[] = [];
const redis = await BenchRedis.start();
try {
  rows.push(await measure('Redis', await redisSystem(redis.port, RECEIVERS)));
} finally {
  await redis.close();
}
rows.push(await measureClawChat('ClawChat (SQLite file)', { entry: 'lean', db: 'file' }));
rows.push(await measureClawChat('ClawChat (in-memory)', { entry: 'lean', db: 'memory' }));
rows.push(await measureClawChat('  file, bare receivers', { entry: 'lean', db: 'file' }, 'raw'));
rows.push(await measureClawChat('  memory, bare receivers', { entry: 'lean', db: 'memory' }, 'raw'));

out(`${'system'.padEnd(24)} ${'msg/s'.padStart(8)} ${'deliv/s'.padStart(8)} ${'vs Redis'.padStart(8)} ${'sat p50'.padStart(8)} ${'sat p99'.padStart(8)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}`);
out(`${''.padEnd(24)} ${''.padStart(8)} ${''.padStart(8)} ${''.padStart(8)} ${'(ms, saturated)'.padStart(17)} ${`(ms, paced at ${RATE}/s)`.padStart(23)}`);
const redisRate = rows[0].saturated.perSecond;
for (const r of rows) {
  out(
    `${r.name.padEnd(24)} ${fmt(r.saturated.perSecond, 0, 8)} ${fmt(r.saturated.perSecond * RECEIVERS, 0, 8)} ${fmt((r.saturated.perSecond / redisRate) * 100, 1, 7)}% ${fmt(r.saturated.p50, 2, 8)} ${fmt(r.saturated.p99, 2, 8)} ${fmt(r.paced.p50, 2, 7)} ${fmt(r.paced.p99, 2, 7)} ${fmt(r.paced.max, 2, 7)}`,
  );
}
for (const r of rows.slice(1, 3)) {
  const ratio = r.saturated.perSecond / redisRate;
  out(`${r.name}: ${(ratio * 100).toFixed(1)} % of Redis's messages/s (goal ≥ 25 %: ${ratio >= 0.25 ? 'met' : 'NOT met'}); p99 ${r.paced.p99.toFixed(2)} ms at ${RATE} msg/s (goal ≤ 5 ms: ${r.paced.p99 <= 5 ? 'met' : 'NOT met'})`);
}

const mem = await runMemory({ agents: 100, rooms: 20, messages: 100_000, bytes: 160, server: { entry: 'lean', db: 'file' } });
out(
  `memory: ${mem.agents} agents in ${mem.rooms} rooms, ${mem.stored} messages stored (${mem.seconds.toFixed(1)} s): server RSS ${mem.rss.toFixed(1)} MB (idle ${mem.idle.toFixed(1)} MB, peak ${mem.peak.toFixed(1)} MB); goal ≤ 150 MB: ${mem.rss <= 150 ? 'met' : 'NOT met'}`,
);
const cli = await ChatServerProcess.start({ entry: 'cli', db: 'file' });
const cliIdle = residentMb(cli.pid).rss;
await cli.close();
const cliExtra = cliIdle - mem.idle;
out(`memory: an idle \`itercrew chat serve\` process: RSS ${cliIdle.toFixed(1)} MB (${cliExtra >= 0 ? '+' : ''}${cliExtra.toFixed(1)} MB vs the server alone: commander, settings and logging around it)`);
