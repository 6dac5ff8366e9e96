import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClawChatServer } from '../../../orchestrator/clawchat/server/index.js';
import { CliProcess } from '../../scheduler/helpers/cli-process.js';
import { writeFakeTarget, type FakeTargetOptions } from '../../scheduler/helpers/fake-target.js';
import { writeSettings } from '../../scheduler/helpers/settings-file.js';
import type { RedisServer } from './redis-server.js';

/** One BullMQ test's world: a temp dir with the fake target, an external chat server, and a settings file pointing at Redis. */
export interface RedisWorld {
  dir: string;
  runsDir: string;
  settingsFile: string;
  chat: ClawChatServer;
  /** Starts `itercrew <args> -s <settings>` and tracks it for cleanup. */
  cli(args: string[]): CliProcess;
  cleanup(): Promise<void>;
}

let counter = 0;

/**
 * Sets up a world on `redis` with its own key prefix. Job locks are short (`lockDuration`,
 * `stalledInterval`) so that a killed worker's job is found stalled within seconds.
 */
export async function makeRedisWorld(redis: RedisServer, options: { schedule?: unknown; redis?: Record<string, unknown>; target?: FakeTargetOptions } = {}): Promise<RedisWorld> {
  const dir = await mkdtemp(path.join(tmpdir(), 'itercrew-bullmq-'));
  const chat = await ClawChatServer.start({
    tcp: { host: '127.0.0.1', port: 0 },
    timers: { electionOptOutMs: 300 },
    limits: { free: { maxRooms: 1_000_000, maxMessagesPerWindow: 1_000_000, maxAgents: 10_000 } },
  });
  const targetFile = await writeFakeTarget(path.join(dir, 'targets'), options.target);
  const { file } = await writeSettings(dir, [targetFile], {
    chat: { mode: 'external', url: chat.url, key: chat.masterKey },
    schedule: options.schedule ?? { default: { every: '2s' }, missedAfter: '30s' },
    redis: { url: redis.url, prefix: `itx${process.pid}n${++counter}`, lockDuration: '3s', stalledInterval: '1s', maxStalledCount: 1, ...options.redis },
  });
  const procs: CliProcess[] = [];
  return {
    dir,
    runsDir: path.join(dir, 'runs'),
    settingsFile: file,
    chat,
    cli(args) {
      const p = CliProcess.start([...args, '-s', file]);
      procs.push(p);
      return p;
    },
    async cleanup() {
      for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) await p.stop('SIGKILL');
      await chat.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
