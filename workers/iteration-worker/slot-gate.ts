/**
 * A counting gate for the iterations one worker process runs at once. `onFull` is called when the
 * last slot is taken and `onFree` when a slot frees up again, so the pool can stop its idle BullMQ
 * workers from fetching jobs it has no room for (and let other processes take them).
 */
export class SlotGate {
  private used = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    /** Slots, ≥ 1. */
    readonly size: number,
    private readonly onFull: () => void = () => undefined,
    private readonly onFree: () => void = () => undefined,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`concurrency must be a positive integer, got ${size}`);
  }

  /** Slots in use. */
  get inUse(): number {
    return this.used;
  }

  /**
   * Takes a slot, waiting for one if all are taken (a job fetched just as the gate filled).
   *
   * @throws the signal's reason when `signal` aborts while waiting.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    while (this.used >= this.size) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(signal?.reason ?? new Error('aborted'));
        this.waiters.push(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.used++;
    if (this.used === this.size) this.onFull();
  }

  /** Gives a slot back. */
  release(): void {
    const wasFull = this.used === this.size;
    this.used = Math.max(0, this.used - 1);
    this.waiters.shift()?.();
    if (wasFull && this.used < this.size) this.onFree();
  }
}
