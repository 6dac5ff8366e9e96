import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { Redis } from 'ioredis';

/** A throwaway redis-server on a free loopback port (no persistence), for one benchmark run. */
export class BenchRedis {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly child: ResultPromise,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<BenchRedis> {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const dir = await mkdtemp(path.join(tmpdir(), 'itercrew-bench-redis-'));
    const child = execa('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { reject: false, stdout: 'ignore', stderr: 'ignore' });
    const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    for (let i = 0; ; i++) {
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') break;
      } catch {
        if (i > 200) throw new Error('redis-server did not start (is it installed?)');
        await sleep(50);
      }
    }
    probe.disconnect();
    return new BenchRedis(port, dir, child);
  }

  async close(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.child;
    await rm(this.dir, { recursive: true, force: true });
  }
}
