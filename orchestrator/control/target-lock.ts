import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { controlPaths } from './control-paths.js';
import { ControlError } from './errors/index.js';
import { processState, ProcessIdentitySchema, thisProcess } from './process-identity.js';

/** Who holds a target's lock: the process, what for, and the iteration it runs. */
export const LockHolderSchema = ProcessIdentitySchema.extend({
  /** Random id of this acquisition (tells one holding from the next). */
  token: z.string().min(1),
  /** What the holder does: `tick` (a scheduled iteration), `kick` (a manual one), `job` (a BullMQ job). */
  purpose: z.string(),
  /** The iteration it runs, once known. */
  iterationId: z.string().nullable(),
  /** When the lock was taken (ISO). */
  acquiredAt: z.string(),
});
export type LockHolder = z.infer<typeof LockHolderSchema>;

/** Options of {@link TargetLock}. */
export interface TargetLockOptions {
  /**
   * A holder on another host whose lock file has not been refreshed for this long (ms) is taken
   * to be gone (a holder on this host is judged by its pid at once). Default 30 000.
   */
  leaseMs?: number;
  /** How often a holder refreshes its lock file (ms). Default `leaseMs / 6` (5 000). */
  heartbeatMs?: number;
  /** How often {@link TargetLock.acquire} retries a busy lock (ms). Default 250. */
  pollMs?: number;
}

/** What {@link TargetLock.tryAcquire} came to. */
export type LockAttempt =
  | { acquired: true; lease: LockLease }
  | {
      acquired: false;
      /** The current holder (null when its file could not be read). */
      holder: LockHolder | null;
      /** `alive` (a process on this host), `unknown` (another host, lease still fresh). */
      state: 'alive' | 'unknown';
    };

/** A breaker file older than this is left over from a crash and is removed. */
const BREAKER_STALE_MS = 10_000;

/**
 * The per-target lock: at most one process runs an iteration of a target at a time — `itercrew
 * start`, a foreground `itercrew kick` and BullMQ workers all take it — and only the holder
 * closes interrupted iterations or writes skipped ticks to the run log.
 *
 * A lock file `<runsDir>/<target>/control/lock.json` created atomically (a complete temp file
 * hard-linked into place, so it never exists half-written) holds the {@link LockHolder}. A holder
 * that died — SIGKILL, power loss — leaves the file behind; the next taker sees that the holder's
 * pid is gone (same host; the kernel start time guards against pid reuse) or that its lease ran
 * out (another host: the holder touches the file every `heartbeatMs`), and breaks it under a
 * second, short-lived breaker file so that two takers never both break and both take it.
 */
export class TargetLock {
  readonly file: string;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly pollMs: number;

  constructor(
    readonly runsDir: string,
    readonly target: string,
    options: TargetLockOptions = {},
  ) {
    this.file = controlPaths(runsDir, target).lockFile;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.floor(this.leaseMs / 6));
    this.pollMs = options.pollMs ?? 250;
  }

  /**
   * Takes the lock if it is free (or its holder is gone); never waits for a live holder.
   *
   * @param purpose what the caller will do (see {@link LockHolder.purpose}).
   * @param iterationId the iteration it will run, if known.
   * @throws ControlError `lock_failed` when the control folder or lock file cannot be used.
   */
  async tryAcquire(purpose: string, iterationId: string | null = null): Promise<LockAttempt> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const holder: LockHolder = { ...thisProcess(), token: randomUUID(), purpose, iterationId, acquiredAt: new Date().toISOString() };
    const tmp = `${this.file}.${holder.token}.tmp`;
    await writeFile(tmp, JSON.stringify(holder) + '\n');
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await link(tmp, this.file);
          return { acquired: true, lease: new LockLease(this.file, holder, this.heartbeatMs) };
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new ControlError('lock_failed', `cannot create ${this.file}: ${(err as Error).message}`, { cause: err });
        }
        const current = await this.inspect();
        if (current === null) continue; // released meanwhile
        if (current.state !== 'stale') return { acquired: false, holder: current.holder, state: current.state };
        await this.breakStale(current.holder?.token ?? null);
      }
      const current = await this.inspect();
      return { acquired: false, holder: current?.holder ?? null, state: current?.state === 'alive' ? 'alive' : 'unknown' };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /**
   * Waits for the lock, retrying every `pollMs`, until it is taken or `signal` aborts.
   *
   * @throws ControlError `target_busy` when `signal` aborts first; `lock_failed` as tryAcquire.
   */
  async acquire(purpose: string, iterationId: string | null = null, signal?: AbortSignal): Promise<LockLease> {
    for (;;) {
      const attempt = await this.tryAcquire(purpose, iterationId);
      if (attempt.acquired) return attempt.lease;
      if (signal?.aborted) throw new ControlError('target_busy', `gave up waiting for ${this.target}: ${describeHolder(attempt.holder)}`);
      await sleep(this.pollMs, undefined, { signal }).catch(() => undefined);
    }
  }

  /**
   * The lock as it is now: null when free; else the holder and whether it is `alive` (this host),
   * `unknown` (another host, lease fresh) or `stale` (gone: the lock may be broken).
   */
  async inspect(): Promise<{ holder: LockHolder | null; state: 'alive' | 'unknown' | 'stale' } | null> {
    let text: string;
    let mtimeMs: number;
    try {
      [text, mtimeMs] = await Promise.all([readFile(this.file, 'utf8'), stat(this.file).then((s) => s.mtimeMs)]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new ControlError('lock_failed', `cannot read ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    const expired = Date.now() - mtimeMs > this.leaseMs;
    let holder: LockHolder | null = null;
    try {
      const parsed = LockHolderSchema.safeParse(JSON.parse(text));
      if (parsed.success) holder = parsed.data;
    } catch {
      // unreadable: judged by its age alone
    }
    if (!holder) return { holder: null, state: expired ? 'stale' : 'unknown' };
    const state = processState(holder);
    if (state === 'dead') return { holder, state: 'stale' };
    if (state === 'unknown') return { holder, state: expired ? 'stale' : 'unknown' };
    return { holder, state: 'alive' };
  }

  /** Removes a stale lock file still holding `token`, under a breaker file so that only one taker breaks it. */
  private async breakStale(token: string | null): Promise<void> {
    const breaker = `${this.file}.break`;
    try {
      await writeFile(breaker, `${process.pid}\n`, { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new ControlError('lock_failed', `cannot create ${breaker}: ${(err as Error).message}`, { cause: err });
      const age = await stat(breaker).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > BREAKER_STALE_MS) await rm(breaker, { force: true });
      return; // someone else is breaking it; the caller looks again
    }
    try {
      const current = await this.inspect();
      if (current && current.state === 'stale' && (current.holder?.token ?? null) === token) await rm(this.file, { force: true });
    } finally {
      await rm(breaker, { force: true });
    }
  }
}

/**
 * A held lock: refreshes the lock file every `heartbeatMs` until released. Release is safe to
 * call more than once and removes the file only while it still holds this lease's token.
 */
export class LockLease {
  private readonly timer: NodeJS.Timeout;
  private released = false;

  constructor(
    readonly file: string,
    private current: LockHolder,
    heartbeatMs: number,
  ) {
    this.timer = setInterval(() => {
      const now = new Date();
      utimes(this.file, now, now).catch(() => undefined);
    }, heartbeatMs);
    this.timer.unref();
  }

  /** The holder as written in the lock file. */
  get holder(): LockHolder {
    return this.current;
  }

  /** Records the iteration this holder runs now (the lock file is replaced atomically). */
  async setIteration(iterationId: string | null): Promise<void> {
    if (this.released) return;
    this.current = { ...this.current, iterationId };
    const tmp = `${this.file}.${this.current.token}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify(this.current) + '\n');
    await rename(tmp, this.file);
  }

  /** Stops the heartbeat and removes the lock file if it is still ours. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    try {
      const holder = LockHolderSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (holder.success && holder.data.token === this.current.token) await rm(this.file, { force: true });
    } catch {
      // already gone, or replaced by a taker that judged us stale: not ours to remove
    }
  }
}

/** People's text for a lock holder: `iteration X (tick) in pid 123 on host` or `an unknown holder`. */
export function describeHolder(holder: LockHolder | null): string {
  if (!holder) return 'the lock is held (its file could not be read)';
  const what = holder.iterationId ? `iteration ${holder.iterationId}` : `a ${holder.purpose}`;
  return `${what} is running in pid ${holder.pid} on ${holder.host} since ${holder.acquiredAt}`;
}
