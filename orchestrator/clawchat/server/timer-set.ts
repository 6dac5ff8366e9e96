/**
 * Owns the server's timers (vote deadlines, elections, sweeps) so that `close()` can cancel
 * every one of them. Timers are unref'd: they never keep a process alive on their own.
 */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  /** Runs `fn` once after `ms` (clamped to >= 0). */
  timeout(fn: () => void, ms: number): NodeJS.Timeout {
    const t: NodeJS.Timeout = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.max(0, ms));
    t.unref();
    if (this.closed) clearTimeout(t);
    else this.timers.add(t);
    return t;
  }

  /** Runs `fn` every `ms`. */
  interval(fn: () => void, ms: number): NodeJS.Timeout {
    const t = setInterval(fn, ms);
    t.unref();
    if (this.closed) clearInterval(t);
    else this.timers.add(t);
    return t;
  }

  /** Cancels one timer. */
  clear(t: NodeJS.Timeout | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  /** Cancels every timer; later ones are cancelled at once. */
  clearAll(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
