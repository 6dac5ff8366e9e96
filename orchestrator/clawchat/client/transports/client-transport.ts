/** Callbacks a {@link ClientTransport} reports to. */
export interface ClientTransportHandlers {
  /** One inbound frame line (no newline). */
  onLine(line: string): void;
  /** The transport closed; `error` when it failed (reset, oversized or invalid line). */
  onClose(error?: Error): void;
}

/**
 * A connected byte pipe carrying NDJSON frame lines to and from a server. Transports for new
 * URL schemes implement this and register in transports/open-transport.ts.
 */
export interface ClientTransport {
  /** Sends one frame line (the transport adds its delimiter). */
  send(line: string): void;
  /** Closes the connection (pending outbound lines are flushed first when possible). */
  close(): void;
}
