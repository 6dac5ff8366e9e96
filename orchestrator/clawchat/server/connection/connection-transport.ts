/**
 * The byte pipe under one client connection (a TCP or Unix socket, or a WebSocket). Inbound
 * bytes are pushed into the connection by the listener that created it; outbound frames go
 * through {@link ConnectionTransport.send}.
 */
export interface ConnectionTransport {
  /** `tcp`, `unix` or `ws`, for logs. */
  readonly kind: 'tcp' | 'unix' | 'ws';
  /** Peer description for logs. */
  readonly peer: string;
  /**
   * Sends one frame line (no newline; the transport adds its delimiter).
   *
   * @returns false when the peer is not keeping up; wait for {@link onceDrain} before more.
   */
  send(line: string): boolean;
  /** Calls `cb` once the transport can take more after `send` returned false. */
  onceDrain(cb: () => void): void;
  /** Stops reading inbound bytes (backpressure while a command awaits I/O). */
  pause(): void;
  /** Resumes reading. */
  resume(): void;
  /** Closes after sending what is queued (a peer that does not read is cut off soon after). */
  end(): void;
  /** Closes the connection now, dropping unsent data. */
  destroy(): void;
}
