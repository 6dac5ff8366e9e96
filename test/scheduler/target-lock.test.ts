import { readFile, stat, utimes, writeFile, mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlPaths } from '../../orchestrator/control/control-paths.js';
import { TargetLock } from '../../orchestrator/control/target-lock.js';
import { projectRoot } from '../../orchestrator/paths.js';
import { until } from './helpers/wait.js';

const DIST_LOCK = path.join(projectRoot(), 'dist/orchestrator/control/target-lock.js');

/** A separate process that tries the lock once, prints `acquired` or `busy`, and then lives until killed. */
function lockProcess(runsDir: string, target: string) {
  const code = `import { TargetLock } from ${JSON.stringify(DIST_LOCK)};
const a = await new TargetLock(${JSON.stringify(runsDir)}, ${JSON.stringify(target)}).tryAcquire('test', 'it-' + process.pid);
process.stdout.write((a.acquired ? 'acquired' : 'busy') + '\\n');
setInterval(() => {}, 1 << 30);`;
  return execa(process.execPath, ['--input-type=module', '-e', code], { reject: false, buffer: false });
}

function firstLine(child: ReturnType<typeof lockProcess>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    void child.then((r) => reject(new Error(`exited: ${r.stderr ?? ''}`)));
  });
}

let runsDir: string;
beforeEach(async () => {
  runsDir = await mkdtemp(path.join(tmpdir(), 'itercrew-lock-'));
});
afterEach(async () => {
  await rm(runsDir, { recursive: true, force: true });
});

describe('the per-target lock', () => {
  it('is exclusive, names its holder, and is free again after release', async () => {
    const lock = new TargetLock(runsDir, 't');
    const first = await lock.tryAcquire('tick', 't-tune-1');
    expect(first.acquired).toBe(true);
    const second = await lock.tryAcquire('kick');
    expect(second.acquired).toBe(false);
    if (!second.acquired) {
      expect(second.state).toBe('alive');
      expect(second.holder).toMatchObject({ pid: process.pid, purpose: 'tick', iterationId: 't-tune-1' });
    }
    if (first.acquired) {
      await first.lease.setIteration('t-tune-2');
      expect((await lock.inspect())?.holder?.iterationId).toBe('t-tune-2');
      await first.lease.release();
      await first.lease.release(); // twice is fine
    }
    expect(await lock.inspect()).toBeNull();
    const third = await lock.tryAcquire('kick');
    expect(third.acquired).toBe(true);
    if (third.acquired) await third.lease.release();
  });

  it('is taken over from a holder process killed with SIGKILL (its pid is gone)', async () => {
    const child = lockProcess(runsDir, 't');
    expect(await firstLine(child)).toBe('acquired');
    const lock = new TargetLock(runsDir, 't');
    const busy = await lock.tryAcquire('tick');
    expect(busy.acquired).toBe(false);
    if (!busy.acquired) expect(busy.holder?.pid).toBe(child.pid);
    child.kill('SIGKILL');
    await child;
    const after = await lock.tryAcquire('tick');
    expect(after.acquired).toBe(true);
    if (after.acquired) await after.lease.release();
  });

  it('goes to exactly one of eight processes racing for it', async () => {
    const children = Array.from({ length: 8 }, () => lockProcess(runsDir, 'race'));
    try {
      const results = await Promise.all(children.map(firstLine));
      expect(results.filter((r) => r === 'acquired')).toHaveLength(1);
      expect(results.filter((r) => r === 'busy')).toHaveLength(7);
    } finally {
      for (const c of children) c.kill('SIGKILL');
      await Promise.all(children);
    }
  });

  it('treats a holder on another host as alive until its lease runs out', async () => {
    const { lockFile } = controlPaths(runsDir, 'remote');
    await mkdir(path.dirname(lockFile), { recursive: true });
    const holder = { pid: 4242, host: 'another-machine', procStart: '1', token: 'tok', purpose: 'job', iterationId: 'remote-tune-1', acquiredAt: new Date().toISOString() };
    await writeFile(lockFile, JSON.stringify(holder));
    const lock = new TargetLock(runsDir, 'remote', { leaseMs: 5_000 });
    const busy = await lock.tryAcquire('tick');
    expect(busy.acquired).toBe(false);
    if (!busy.acquired) expect(busy.state).toBe('unknown');
    const old = new Date(Date.now() - 10_000);
    await utimes(lockFile, old, old);
    const taken = await lock.tryAcquire('tick');
    expect(taken.acquired).toBe(true);
    if (taken.acquired) await taken.lease.release();
  });

  it('keeps its lease fresh and never removes a lock that is no longer its own', async () => {
    const lock = new TargetLock(runsDir, 't', { leaseMs: 600, heartbeatMs: 50 });
    const a = await lock.tryAcquire('tick');
    if (!a.acquired) throw new Error('not acquired');
    const before = (await stat(lock.file)).mtimeMs;
    await until('a heartbeat', async () => (await stat(lock.file)).mtimeMs > before);
    // Someone judged us gone and took the lock: our release must leave theirs alone.
    const theirs = { ...JSON.parse(await readFile(lock.file, 'utf8')), token: 'someone-else' };
    await writeFile(lock.file, JSON.stringify(theirs));
    await a.lease.release();
    expect(JSON.parse(await readFile(lock.file, 'utf8')).token).toBe('someone-else');
  });

  it('acquire() waits for the holder and gives up with target_busy when its signal aborts', async () => {
    const lock = new TargetLock(runsDir, 't', { pollMs: 20 });
    const held = await lock.tryAcquire('tick', 't-tune-9');
    if (!held.acquired) throw new Error('not acquired');
    const waiting = lock.acquire('kick');
    setTimeout(() => void held.lease.release(), 100);
    const lease = await waiting;
    expect(lease.holder.purpose).toBe('kick');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(lock.acquire('kick', null, ac.signal)).rejects.toMatchObject({ code: 'target_busy' });
    await lease.release();
  });
});
