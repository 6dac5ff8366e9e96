/** Options of {@link Watchdog}. */
export interface WatchdogOptions {
  /** Kill after this long without a stdout line, ms. */
  idleMs: number;
  /** Kill after this long in total, ms (keep it below the schedule interval). */
  wallClockMs: number;
  /** After the result line, kill a process still alive after this long, ms. */
  lingerMs: number;
  /** Called once, with the reason, when a timer expires. */
  onExpire: (reason: string) => void;
}

/**
 * The supervisor's timers for one agent process: an idle timer re-armed by every stdout line
 * ({@link touch}), a wall-clock cap from start, and after the result line ({@link resultSeen})
 * a short linger timer — a process still alive then is killed. Fires `onExpire` at most once.
 */
export class Watchdog {
  private idle: NodeJS.Timeout | undefined;
  private readonly wall: NodeJS.Timeout;
  private linger: NodeJS.Timeout | undefined;
  private fired = false;
  private stopped = false;

  constructor(private readonly options: WatchdogOptions) {
    this.wall = setTimeout(() => this.expire(`wall-clock cap of ${seconds(options.wallClockMs)} reached`), options.wallClockMs);
    this.touch();
  }

  /** Output was seen: re-arms the idle timer. */
  touch(): void {
    if (this.stopped || this.linger) return;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.expire(`idle for ${seconds(this.options.idleMs)} (no output)`), this.options.idleMs);
  }

  /** The result line arrived: the process should exit on its own within `lingerMs`. */
  resultSeen(): void {
    if (this.stopped || this.linger) return;
    clearTimeout(this.idle);
    this.linger = setTimeout(() => this.expire(`still running ${seconds(this.options.lingerMs)} after its result line`), this.options.lingerMs);
  }

  /** Clears every timer (the process exited). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.idle);
    clearTimeout(this.wall);
    clearTimeout(this.linger);
  }

  private expire(reason: string): void {
    if (this.fired || this.stopped) return;
    this.fired = true;
    this.stop();
    this.options.onExpire(reason);
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
