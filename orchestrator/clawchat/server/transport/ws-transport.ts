import type { WebSocket } from 'ws';
import type { ConnectionTransport } from '../connection/connection-transport.js';

/** Sends in flight after which {@link WsTransport.send} reports backpressure. */
const HIGH_WATER_SENDS = 256;
const END_GRACE_MS = 2_000;

/**
 * A WebSocket carrying one frame per text message (`web.rs`): outbound messages have no
 * trailing newline; inbound ones may have it.
 */
export class WsTransport implements ConnectionTransport {
  readonly kind = 'ws' as const;
  private inFlight = 0;
  private drainWaiters: Array<() => void> = [];
  private readonly onSent = (): void => {
    this.inFlight -= 1;
    if (this.inFlight === 0 && this.drainWaiters.length > 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const cb of waiters) cb();
    }
  };

  constructor(
    private readonly ws: WebSocket,
    readonly peer: string,
  ) {}

  send(line: string): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return true;
    this.inFlight += 1;
    this.ws.send(line, this.onSent);
    return this.inFlight < HIGH_WATER_SENDS;
  }

  onceDrain(cb: () => void): void {
    if (this.inFlight === 0) queueMicrotask(cb);
    else this.drainWaiters.push(cb);
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  end(): void {
    this.ws.close(1000);
    setTimeout(() => this.ws.terminate(), END_GRACE_MS).unref();
  }

  destroy(): void {
    this.ws.terminate();
  }
}
