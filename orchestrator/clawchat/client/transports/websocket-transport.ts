import { WebSocket, type ClientOptions } from 'ws';
import { ClawChatConnectionError } from '../../errors/clawchat-error.js';
import type { ClientTransport, ClientTransportHandlers } from './client-transport.js';

/** Options of the WebSocket transport (`ws://`, `wss://`). */
export interface WebSocketTransportOptions {
  /** Extra handshake headers, e.g. `{ Origin: 'https://app.example' }` for a server with an Origin allow-list. Default none. */
  headers?: Record<string, string>;
  /** Trusted CA certificates for `wss://` (PEM), e.g. a self-signed server's. Default: the system's. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Verify the server's TLS certificate. Default true. */
  rejectUnauthorized?: boolean;
}

/**
 * NDJSON over WebSocket, as upstream's `/ws` endpoint speaks it: each text message is one frame
 * (a trailing newline is tolerated inbound; several lines in one message are split), each frame
 * sent is one text message without a newline.
 *
 * @param maxLineBytes largest inbound message accepted (bigger ones close the connection).
 * @throws ClawChatConnectionError if the handshake does not complete within `timeoutMs`.
 */
export function openWebSocketTransport(
  url: string,
  handlers: ClientTransportHandlers,
  maxLineBytes: number,
  timeoutMs: number,
  options: WebSocketTransportOptions = {},
): Promise<ClientTransport> {
  return new Promise((resolve, reject) => {
    const clientOptions: ClientOptions = {
      handshakeTimeout: timeoutMs,
      maxPayload: maxLineBytes,
      perMessageDeflate: false,
      headers: options.headers,
      ca: options.ca,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
    };
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, clientOptions);
    } catch (err) {
      reject(new ClawChatConnectionError(`cannot connect to ${url}: ${(err as Error).message}`, { cause: err }));
      return;
    }
    let open = false;
    let failure: Error | undefined;
    ws.on('error', (err) => {
      failure = err;
    });
    ws.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data));
      if (isBinary && bytes.length === 0) return;
      const text = bytes.toString('utf8');
      for (const line of text.split('\n')) if (line.trim() !== '') handlers.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    });
    ws.on('close', (code, reason) => {
      if (!open) {
        reject(new ClawChatConnectionError(`cannot connect to ${url}: ${failure?.message ?? `closed (${code})`}`, { cause: failure }));
        return;
      }
      const abnormal = code !== 1000 && code !== 1005;
      handlers.onClose(failure ?? (abnormal ? new ClawChatConnectionError(`WebSocket closed with code ${code}${reason.length ? `: ${reason.toString()}` : ''}`) : undefined));
    });
    ws.once('open', () => {
      open = true;
      resolve({
        send(line: string) {
          if (ws.readyState === WebSocket.OPEN) ws.send(line);
        },
        close() {
          if (ws.readyState === WebSocket.CLOSED) return;
          ws.close(1000);
          setTimeout(() => ws.terminate(), 1_000).unref();
        },
      });
    });
  });
}
