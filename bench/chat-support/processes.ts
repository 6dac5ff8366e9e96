import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { distPath } from '../../orchestrator/paths.js';

/**
 * The Node flags the `itercrew` executable starts with: those on its shebang line
 * (`#!/usr/bin/env -S node --max-semi-space-size=4`), so the benchmark's server processes run
 * as a user's `itercrew chat serve` does.
 */
export function binNodeArgs(): string[] {
  const first = readFileSync(distPath('orchestrator/cli/main.js'), 'utf8').split('\n', 1)[0] ?? '';
  const words = first.replace(/^#!\S*env\s+(-S\s+)?/, '').trim().split(/\s+/);
  return words[0] === 'node' ? words.slice(1) : [];
}

/** Resident memory of a process from /proc (Linux): current and peak, MB. */
export function residentMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** How a benchmark server process is started. */
export interface ChatServerProcessOptions {
  /**
   * `cli`: `itercrew chat serve` (the whole CLI is loaded, as a user runs it); `lean`: only the
   * embedded server (bench/chat-support/server-main.ts), so the process's memory is the server's.
   */
  entry: 'cli' | 'lean';
  /** `file`: a SQLite file in a temp dir (`chat serve`'s default); `memory`: `:memory:` (`itercrew run`'s embedded server). */
  db: 'file' | 'memory';
}

/**
 * A ClawChat server in its own process: no auth (so no rate limits), TCP on a free loopback port,
 * with the Node flags of the `itercrew` executable ({@link binNodeArgs}).
 */
export class ChatServerProcess {
  private constructor(
    readonly url: string,
    readonly pid: number,
    private readonly dir: string,
    private readonly child: ResultPromise,
  ) {}

  static async start(options: ChatServerProcessOptions): Promise<ChatServerProcess> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'itercrew-bench-chat-'));
    const db = options.db === 'file' ? path.join(dir, 'chat.db') : ':memory:';
    const args =
      options.entry === 'cli'
        ? [distPath('orchestrator/cli/main.js'), 'chat', 'serve', '--tcp', '127.0.0.1:0', '--no-socket', '--no-auth', '--db', db]
        : [distPath('bench/chat-support/server-main.js'), db];
    const child = execa(process.execPath, [...binNodeArgs(), ...args], { reject: false, env: { ITERCREW_LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn' }, stderr: 'inherit' });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /(tcp:\/\/[\d.]+:\d+)/.exec(out);
        if (m) resolve(m[1]);
      });
      void child.then((r) => reject(new Error(`the server process exited (${r.exitCode})`)));
    });
    return new ChatServerProcess(url, child.pid!, dir, child);
  }

  async close(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.child;
    await rm(this.dir, { recursive: true, force: true });
  }
}
