import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { constantTimeEqual } from '../auth/authenticator.js';
import type { ServerContext } from '../context.js';
import { chatMessageWire, roomWire } from '../wire.js';

/** The HTTP listener: WebSocket `/ws` plus the small REST API of upstream `web.rs`. */
export interface HttpListener {
  server: http.Server;
  wss: WebSocketServer;
  host: string;
  port: number;
}

/** Options of {@link listenHttp}. */
export interface HttpListenerOptions {
  host: string;
  port: number;
  /** Browser Origins allowed on `/ws` and for CORS; a request without Origin is allowed. */
  allowedOrigins: string[];
  /** Enables `POST /api/keys` when set (header `x-clawchat-admin` must match). */
  adminSecret?: string;
  /** Largest WebSocket message, bytes (bigger closes the connection with 1009). */
  maxFrameBytes: number;
}

/**
 * Starts the HTTP listener. `/ws` upgrades to a WebSocket (403 if an `Origin` header is sent
 * and not allowed) handed to `onWebSocket`. REST: `GET /api/status`, `GET /api/rooms` (public
 * rooms), `GET /api/agents` (header `x-clawchat-key`), `GET /api/rooms/{id}/history` (public
 * rooms, newest 100), `POST /api/keys` (only with an admin secret).
 */
export async function listenHttp(
  ctx: ServerContext,
  options: HttpListenerOptions,
  onWebSocket: (ws: WebSocket, req: http.IncomingMessage) => void,
): Promise<HttpListener> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes });
  const server = http.createServer((req, res) => {
    handleRest(ctx, options, req, res).catch((err: unknown) => {
      ctx.logger.error({ err }, 'clawchat: REST handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== '/ws') {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !options.allowedOrigins.includes(origin)) {
      rejectUpgrade(socket, 403, 'Forbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onWebSocket(ws, req));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  return { server, wss, host: addr.address, port: addr.port };
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handleRest(ctx: ServerContext, options: HttpListenerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const origin = req.headers.origin;
  if (origin !== undefined && options.allowedOrigins.includes(origin)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-methods', 'GET, POST');
    res.setHeader('access-control-allow-headers', 'content-type, x-clawchat-admin, x-clawchat-key');
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  if (method === 'GET' && url.pathname === '/api/status') {
    sendJson(res, 200, { status: 'ok', agents_connected: ctx.agents.size, rooms: ctx.rooms.listed().length });
    return;
  }
  if (method === 'GET' && url.pathname === '/api/rooms') {
    sendJson(res, 200, { rooms: ctx.rooms.listed().filter((r) => r.visibility === 'public').map((r) => roomWire(r)) });
    return;
  }
  if (method === 'GET' && url.pathname === '/api/agents') {
    const key = req.headers['x-clawchat-key'];
    const identity = typeof key === 'string' ? ctx.auth.authenticate(key) : undefined;
    if (!identity) {
      sendJson(res, 401, { error: 'a valid x-clawchat-key header is required' });
      return;
    }
    const agents = [...ctx.agents.all()]
      .filter((s) => ctx.auth.noAuth || s.keyHash === identity.keyHash)
      .map((s) => ({ agent_id: s.agentId, name: s.name, capabilities: s.capabilities }));
    sendJson(res, 200, { agents });
    return;
  }
  const history = /^\/api\/rooms\/([^/]+)\/history$/.exec(url.pathname);
  if (method === 'GET' && history) {
    const room = ctx.rooms.get(decodeURIComponent(history[1]));
    if (!room) sendJson(res, 404, { error: 'Room not found' });
    else if (room.visibility !== 'public') sendJson(res, 403, { error: 'Room is private' });
    else sendJson(res, 200, { messages: room.ephemeral ? [] : ctx.store.messages.history(room.roomId, { limit: 100 }).map(chatMessageWire) });
    return;
  }
  if (method === 'POST' && url.pathname === '/api/keys') {
    req.resume();
    if (options.adminSecret === undefined) {
      sendJson(res, 403, { error: 'HTTP signup is disabled' });
      return;
    }
    const supplied = req.headers['x-clawchat-admin'];
    if (typeof supplied !== 'string' || !constantTimeEqual(supplied, options.adminSecret)) {
      sendJson(res, 401, { error: 'admin secret required' });
      return;
    }
    sendJson(res, 201, { api_key: ctx.auth.createApiKey('free', null), tier: 'free' });
    return;
  }
  sendJson(res, 404, { error: 'not found' });
}
