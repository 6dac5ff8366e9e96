import type http from 'node:http';
import type net from 'node:net';
import type { WebSocket } from 'ws';
import { ClawChatConfigError } from '../errors/clawchat-error.js';
import { AgentRegistry } from './agents/agent-registry.js';
import { Authenticator } from './auth/authenticator.js';
import { Broker } from './broker/broker.js';
import { RoomMembership } from './broker/room-membership.js';
import { ClientConnection } from './connection/client-connection.js';
import type { ConnectionTransport } from './connection/connection-transport.js';
import { OutboundGate } from './connection/outbound-gate.js';
import type { ServerContext } from './context.js';
import { ElectionManager } from './elections/election-manager.js';
import { RateLimiter } from './limits/rate-limiter.js';
import { resolveServerOptions, type ClawChatServerOptions, type ResolvedServerOptions } from './options.js';
import { ReconnectStash } from './reconnect/reconnect-stash.js';
import { RoomRegistry } from './rooms/room-registry.js';
import type { Tier } from './store/records.js';
import { Store } from './store/store.js';
import { TaskManager } from './tasks/task-manager.js';
import { TimerSet } from './timer-set.js';
import { listenHttp, type HttpListener } from './transport/http-listener.js';
import { SocketTransport } from './transport/socket-transport.js';
import { closeListener, listenTcp, listenUnix } from './transport/stream-listeners.js';
import { WsTransport } from './transport/ws-transport.js';
import { VoteManager } from './votes/vote-manager.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';

/** Where a started server listens. */
export interface ServerAddress {
  /** TCP listener, if any. */
  tcp?: { host: string; port: number; url: string };
  /** Unix socket, if any. */
  socket?: { path: string; url: string };
  /** HTTP listener (WebSocket at `/ws`), if any. */
  http?: { host: string; port: number; url: string; wsUrl: string };
}

/**
 * itercrew's embedded ClawChat server: wire-compatible with upstream ClawChat 0.3.1 clients
 * (NDJSON frames over TCP, a Unix socket or WebSocket `/ws`), with SQLite persistence.
 *
 * ```ts
 * const server = await ClawChatServer.start({ tcp: { port: 0 }, auth: { key: 'K' } });
 * server.address.tcp?.url; // tcp://127.0.0.1:54321
 * await server.close();
 * ```
 *
 * Knowingly better than upstream: `owner_key` is never sent; keys are compared in constant
 * time and stored only as hashes; rooms are private by default.
 */
export class ClawChatServer {
  /** Where the server listens. */
  readonly address: ServerAddress = {};
  private readonly connections = new Set<ClientConnection>();
  private readonly tcpSockets = new Set<net.Socket>();
  private listeners: net.Server[] = [];
  private httpListener: HttpListener | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    /** The resolved options (defaults applied). */
    readonly options: ResolvedServerOptions,
    private readonly ctx: ServerContext,
  ) {}

  /**
   * Opens the store, restores persisted state (rooms, open votes with their deadlines, tasks,
   * queued webhook deliveries) and starts the configured listeners.
   *
   * @param options see {@link ClawChatServerOptions}; default: TCP on 127.0.0.1, random port,
   *   in-memory store, auth with a fresh random master key.
   * @throws ClawChatConfigError when the store, key file or a listener cannot be opened.
   */
  static async start(options: ClawChatServerOptions = {}): Promise<ClawChatServer> {
    const resolved = resolveServerOptions(options);
    let store: Store;
    try {
      store = new Store(resolved.db, { logger: resolved.logger });
    } catch (err) {
      throw new ClawChatConfigError(`cannot open database ${resolved.db}: ${(err as Error).message}`, { cause: err });
    }
    const timers = new TimerSet();
    let server: ClawChatServer;
    try {
      const auth = new Authenticator(store, resolved.auth);
      const agents = new AgentRegistry();
      const members = new RoomMembership();
      const broker = new Broker(agents, members);
      const logger = resolved.logger;
      const gate = new OutboundGate(() => store.messages.uncommitted);
      store.messages.onFlushed((error) => {
        if (error) logger.error({ err: error }, 'clawchat: message store commit failed; dropping the connections waiting on it');
        gate.settle(error);
      });
      const ctx: ServerContext = {
        options: resolved,
        logger,
        store,
        auth,
        agents,
        members,
        broker,
        rooms: new RoomRegistry(store),
        votes: new VoteManager(store, broker, timers, logger),
        elections: new ElectionManager(broker, agents, timers, resolved.timers.electionOptOutMs, logger),
        tasks: new TaskManager(store),
        stash: new ReconnectStash(resolved.timers.reconnectWindowMs, resolved.timers.reconnectSweepMs, resolved.limits.stashMaxEvents, timers),
        limiter: new RateLimiter(resolved.limits),
        webhooks: new WebhookDispatcher(store, resolved.webhooks, logger),
        timers,
        gate,
      };
      ctx.votes.restore();
      server = new ClawChatServer(resolved, ctx);
    } catch (err) {
      timers.clearAll();
      await store.close();
      throw err;
    }
    try {
      await server.listen();
    } catch (err) {
      await server.close();
      throw new ClawChatConfigError(`cannot listen: ${(err as Error).message}`, { cause: err });
    }
    server.ctx.webhooks.start();
    server.startRetentionPurge();
    return server;
  }

  /** The first listening URL: `tcp://host:port`, else `unix:///path`, else `ws://host:port/ws`. */
  get url(): string {
    return this.address.tcp?.url ?? this.address.socket?.url ?? this.address.http?.wsUrl ?? '';
  }

  /** The master key (undefined in no-auth mode without one). */
  get masterKey(): string | undefined {
    return this.ctx.auth.masterKey;
  }

  /** Number of open client connections (registered or not). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Number of registered agents. */
  get agentCount(): number {
    return this.ctx.agents.size;
  }

  /**
   * Creates an API key of a tier (stored by hash; upstream mints keys through `POST /api/keys`).
   *
   * @returns the key, shown only this once.
   */
  createApiKey(tier: Tier = 'free', label: string | null = null): string {
    return this.ctx.auth.createApiKey(tier, label);
  }

  /**
   * Stops listening, closes every connection (agents leave their rooms), cancels timers, stops
   * webhook delivery and closes the store. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const closes: Promise<void>[] = this.listeners.map((l) => closeListener(l));
    if (this.httpListener) {
      const { server, wss } = this.httpListener;
      for (const ws of wss.clients) ws.terminate();
      closes.push(new Promise((resolve) => wss.close(() => resolve())));
      closes.push(new Promise((resolve) => server.close(() => resolve())));
      server.closeAllConnections();
    }
    for (const c of [...this.connections]) c.drop('server shutting down');
    for (const s of this.tcpSockets) s.destroy();
    this.ctx.timers.clearAll();
    await Promise.all(closes);
    await this.ctx.webhooks.close();
    await this.ctx.store.close();
  }

  private async listen(): Promise<void> {
    const { tcp, socket, http } = this.options;
    if (tcp) {
      const l = await listenTcp(tcp.host, tcp.port, (s) => this.acceptSocket(s, 'tcp'));
      this.listeners.push(l.server);
      this.address.tcp = { host: l.host, port: l.port, url: `tcp://${formatHost(l.host)}:${l.port}` };
    }
    if (socket) {
      this.listeners.push(await listenUnix(socket, (s) => this.acceptSocket(s, 'unix')));
      this.address.socket = { path: socket, url: `unix://${socket}` };
    }
    if (http) {
      this.httpListener = await listenHttp(
        this.ctx,
        { ...http, maxFrameBytes: this.options.limits.maxFrameBytes },
        (ws, req) => this.acceptWebSocket(ws, req),
      );
      const host = formatHost(this.httpListener.host);
      this.address.http = {
        host: this.httpListener.host,
        port: this.httpListener.port,
        url: `http://${host}:${this.httpListener.port}`,
        wsUrl: `ws://${host}:${this.httpListener.port}/ws`,
      };
    }
  }

  private acceptSocket(socket: net.Socket, kind: 'tcp' | 'unix'): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    this.tcpSockets.add(socket);
    const connection = this.track(new SocketTransport(socket, kind));
    socket.on('data', (chunk: Buffer) => connection.receive(chunk));
    socket.on('end', () => connection.receiveEnd());
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.tcpSockets.delete(socket);
      connection.transportClosed();
    });
  }

  private acceptWebSocket(ws: WebSocket, req: http.IncomingMessage): void {
    if (this.closing) {
      ws.terminate();
      return;
    }
    const connection = this.track(new WsTransport(ws, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'} (ws)`));
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (isBinary) return;
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      connection.receive(buf);
      if (buf.length === 0 || buf[buf.length - 1] !== 10) connection.receive(NEWLINE);
    });
    ws.on('error', () => undefined);
    ws.on('close', () => connection.transportClosed());
  }

  private track(transport: ConnectionTransport): ClientConnection {
    const connection = new ClientConnection(this.ctx, transport, (c) => this.connections.delete(c));
    this.connections.add(connection);
    return connection;
  }

  private startRetentionPurge(): void {
    const every = this.options.timers.retentionPurgeIntervalMs;
    if (!(every > 0)) return;
    const purge = (): void => {
      for (const tier of ['free', 'pro'] as const) {
        const days = this.options.limits[tier].retentionDays;
        try {
          const n = this.ctx.store.messages.purge(tier, new Date(Date.now() - days * 86_400_000).toISOString());
          if (n > 0) this.ctx.logger.info({ tier, deleted: n }, 'clawchat: retention purge');
        } catch (err) {
          this.ctx.logger.warn({ err, tier }, 'clawchat: retention purge failed');
        }
      }
    };
    purge();
    this.ctx.timers.interval(purge, every);
  }
}

const NEWLINE = Buffer.from('\n');

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
