import { ClawChatConnectionError } from '../errors/clawchat-error.js';

/** Where a client connects. */
export type ClawChatEndpoint =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'unix'; path: string }
  | { kind: 'ws'; url: string };

/**
 * Parses a ClawChat URL: `tcp://host:port`, `unix:///abs/path.sock` (or `unix:relative.sock`),
 * `ws://host:port/ws`, `wss://host/ws`.
 *
 * @throws ClawChatConnectionError for anything else.
 */
export function parseEndpoint(url: string): ClawChatEndpoint {
  if (url.startsWith('unix:')) {
    const path = url.startsWith('unix://') ? url.slice('unix://'.length) : url.slice('unix:'.length);
    if (!path) throw new ClawChatConnectionError(`invalid unix URL ${url}: no path`);
    return { kind: 'unix', path: decodeURIComponent(path) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ClawChatConnectionError(`invalid ClawChat URL ${url} (expected tcp://host:port, unix:///path, ws:// or wss://)`);
  }
  if (parsed.protocol === 'tcp:') {
    const port = Number(parsed.port);
    if (!parsed.hostname || !Number.isInteger(port) || port <= 0) throw new ClawChatConnectionError(`invalid tcp URL ${url}: need host and port`);
    return { kind: 'tcp', host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port };
  }
  if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') return { kind: 'ws', url };
  throw new ClawChatConnectionError(`unsupported ClawChat URL scheme ${parsed.protocol} in ${url}`);
}
