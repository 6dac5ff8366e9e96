import type { ClientTransport } from './transports/client-transport.js';

/**
 * One physical connection of a client (a transport plus its bookkeeping). A client has one
 * current link; with auto-reconnect a dropped link is replaced by a new one.
 */
export class Link {
  /** The open transport (set once connected). */
  transport: ClientTransport | undefined;
  /** True once the transport reported its close. */
  closed = false;
  /** When the last line arrived, ms since the epoch. */
  lastInbound = Date.now();
  /** A keep-alive ping is out. */
  probing = false;

  /** Sends one frame line (dropped if the link is closed). */
  send(line: string): void {
    if (!this.closed) this.transport?.send(line);
  }

  /** Closes the transport (its close is reported through the transport handlers). */
  close(): void {
    this.transport?.close();
  }
}
