import { parseEndpoint } from '../connection-url.js';
import type { ClientTransport, ClientTransportHandlers } from './client-transport.js';
import { openSocketTransport } from './socket-transport.js';
import type { WebSocketTransportOptions } from './websocket-transport.js';

/** Options of {@link openTransport}. */
export interface OpenTransportOptions {
  /** Largest inbound line in bytes. */
  maxLineBytes: number;
  /** Connect timeout, ms. */
  timeoutMs: number;
  /** WebSocket handshake options (ws:// and wss:// only). */
  webSocket?: WebSocketTransportOptions;
}

/**
 * Opens the transport for a ClawChat URL (see {@link parseEndpoint}): `tcp://host:port`,
 * `unix:///path.sock`, `ws://host:port/ws` or `wss://host/ws`.
 *
 * @throws ClawChatConnectionError on a bad URL or a failed connection.
 */
export async function openTransport(url: string, handlers: ClientTransportHandlers, options: OpenTransportOptions): Promise<ClientTransport> {
  const endpoint = parseEndpoint(url);
  switch (endpoint.kind) {
    case 'tcp':
      return openSocketTransport({ host: endpoint.host, port: endpoint.port }, handlers, options.maxLineBytes, options.timeoutMs);
    case 'unix':
      return openSocketTransport({ path: endpoint.path }, handlers, options.maxLineBytes, options.timeoutMs);
    case 'ws': {
      // Loaded on first use: `ws` costs ~30 ms of start-up that TCP and Unix-socket clients
      // (every local agent) would otherwise pay.
      const { openWebSocketTransport } = await import('./websocket-transport.js');
      return openWebSocketTransport(endpoint.url, handlers, options.maxLineBytes, options.timeoutMs, options.webSocket);
    }
  }
}
