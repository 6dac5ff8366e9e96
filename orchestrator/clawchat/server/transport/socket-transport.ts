import type { Socket } from 'node:net';
import type { ConnectionTransport } from '../connection/connection-transport.js';
import { encodedLine } from './encoded-line.js';

const END_GRACE_MS = 2_000;

/**
 * A TCP or Unix stream socket carrying NDJSON lines. Lines written in the same tick are corked
 * and leave in one write (a fan-out of N frames to a connection costs one syscall, not N); a
 * line sent to many sockets is encoded once (see {@link encodedLine}).
 */
export class SocketTransport implements ConnectionTransport {
  readonly peer: string;
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(
    private readonly socket: Socket,
    readonly kind: 'tcp' | 'unix',
  ) {
    this.peer = kind === 'tcp' ? `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}` : 'unix socket';
    if (kind === 'tcp') socket.setNoDelay(true);
  }

  send(line: string): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) return true;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    return this.socket.write(encodedLine(line));
  }

  onceDrain(cb: () => void): void {
    this.socket.once('drain', cb);
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  end(): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), END_GRACE_MS).unref();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
