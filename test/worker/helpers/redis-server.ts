import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { Redis } from 'ioredis';

/** A free TCP port on loopback (never 6379: the OS hands out ephemeral ports). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A real redis-server for one test file, on a free loopback port, with its data in a temp
 * folder and the append-only file fsynced on every write — so it can be killed (even with
 * SIGKILL) and restarted on the same port with its data, like a production Redis with AOF.
 */
export class RedisServer {
  private child: ResultPromise | null = null;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts a server (redis-server must be on PATH; .ci/run installs it). */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), await mkdtemp(path.join(tmpdir(), 'itercrew-redis-')));
    await server.spawn();
    return server;
  }

  /** Stops the server with `signal` and waits for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c) return;
    c.kill(signal);
    await c;
  }

  /** Starts it again on the same port and data folder. */
  restart(): Promise<void> {
    return this.spawn();
  }

  /** Stops it and removes its data. */
  async close(): Promise<void> {
    await this.kill('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }

  private async spawn(): Promise<void> {
    this.child = execa(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'no'],
      { reject: false, stdout: 'ignore', stderr: 'pipe' },
    );
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    probe.on('error', () => undefined);
    const deadline = Date.now() + 10_000;
    try {
      for (;;) {
        try {
          if (probe.status !== 'ready') await probe.connect().catch(() => undefined);
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          // not up yet
        }
        if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${this.port}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      probe.disconnect();
    }
  }
}
