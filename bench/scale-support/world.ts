import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { stringify } from 'yaml';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { distPath } from '../../orchestrator/paths.js';
import { writeNoopTarget } from './noop-target.js';

/** A benchmark's world: no-op targets, an external chat server, a settings file. */
export interface BenchWorld {
  dir: string;
  runsDir: string;
  settingsFile: string;
  targets: string[];
  chat: ClawChatServer;
  /** Starts a no-op worker process; resolves once it printed `ready`. */
  worker(concurrency?: number, options?: { gc?: boolean; thinkMs?: number }): Promise<BenchWorker>;
  close(): Promise<void>;
}

/** A running no-op worker process and the JSON lines it printed (one per finished job). */
export interface BenchWorker {
  child: ResultPromise;
  jobs: Array<{ job: string; outcome: string; status: string | null; rss: number; heapUsed: number; at: number }>;
  stop(): Promise<void>;
}

/**
 * Creates `targets` no-op targets, a ClawChat server (in this process, loopback TCP) and a
 * settings file for Redis at `redisUrl`: one `keep` agent per iteration, schedules as given.
 */
export async function makeBenchWorld(redisUrl: string, targets: number, options: { schedule?: unknown; team?: unknown; prefix?: string } = {}): Promise<BenchWorld> {
  const dir = await mkdtemp(path.join(tmpdir(), 'itercrew-bench-scale-'));
  const runsDir = path.join(dir, 'runs');
  const chat = await ClawChatServer.start({
    tcp: { host: '127.0.0.1', port: 0 },
    timers: { electionOptOutMs: 300 },
    limits: { free: { maxRooms: Number.MAX_SAFE_INTEGER, maxMessagesPerWindow: 10_000_000, maxAgents: 1_000_000 } },
  });
  const names = Array.from({ length: targets }, (_, i) => `noop-${i + 1}`);
  const files = await Promise.all(names.map((n) => writeNoopTarget(path.join(dir, 'targets'), n)));
  const settingsFile = path.join(dir, 'itercrew.yaml');
  await writeFile(
    settingsFile,
    stringify({
      runsDir,
      targets: files,
      team: options.team ?? [{ role: 'tuner', runtime: 'keep' }],
      deadlines: { spawnMs: 10_000, proposeMs: 10_000, voteMs: 10_000, decideMs: 10_000, closeMs: 2_000, measureMs: 30_000 },
      chat: { mode: 'external', url: chat.url, key: chat.masterKey },
      schedule: options.schedule ?? { default: { every: '1h' } },
      redis: { url: redisUrl, prefix: options.prefix ?? `bench${process.pid}` },
    }),
  );
  const workers: BenchWorker[] = [];
  return {
    dir,
    runsDir,
    settingsFile,
    targets: names,
    chat,
    async worker(concurrency = 1, o = {}) {
      const args = [...(o.gc ? ['--expose-gc'] : []), distPath('bench/scale-support/noop-worker.js'), settingsFile, String(concurrency), ...(o.gc ? ['--gc'] : []), ...(o.thinkMs ? [`--think=${o.thinkMs}`] : [])];
      const child = execa(process.execPath, args, { reject: false, stderr: 'inherit', env: { ITERCREW_LOG_LEVEL: 'warn' } });
      const w: BenchWorker = {
        child,
        jobs: [],
        async stop() {
          child.kill('SIGTERM');
          await child;
        },
      };
      workers.push(w);
      await new Promise<void>((resolve, reject) => {
        let rest = '';
        child.stdout!.setEncoding('utf8');
        child.stdout!.on('data', (chunk: string) => {
          rest += chunk;
          const lines = rest.split('\n');
          rest = lines.pop()!;
          for (const line of lines) {
            if (line === 'ready') resolve();
            else if (line.startsWith('{')) w.jobs.push({ ...JSON.parse(line), at: Date.now() });
          }
        });
        void child.then((r) => reject(new Error(`worker exited early: ${r.exitCode}`)));
      });
      return w;
    },
    async close() {
      await Promise.all(workers.map((w) => (w.child.exitCode === null ? w.stop() : undefined)));
      await chat.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Percentile (nearest rank) of numbers. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
}
