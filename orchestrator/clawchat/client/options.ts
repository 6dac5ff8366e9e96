import type { Logger } from '../../logging/logger.js';
import type { AutoReconnectOptions } from './reconnect/reconnect-options.js';
import type { WebSocketTransportOptions } from './transports/websocket-transport.js';

/** Options of {@link ClawChatClient.connect}. */
export interface ClawChatClientOptions {
  /** Server URL: `tcp://host:port`, `unix:///path.sock`, `ws://host:port/ws` or `wss://host/ws`. Required. */
  url: string;
  /** API key (the server's master key or an API key; anything under `--no-auth`). Required. */
  key: string;
  /** Display name. Required. */
  name: string;
  /** Stable identity to claim; default: the server assigns a UUID (kept across auto-reconnects). */
  agentId?: string;
  /** Capability tags. Default []. */
  capabilities?: string[];
  /** Register with `reconnect: true`: reclaim a recently disconnected `agentId` (or take over a live one). Default false. */
  reconnect?: boolean;
  /**
   * Reconnect automatically when the connection drops, re-join rooms and catch up missed
   * messages (see {@link AutoReconnectOptions}); `true` for the defaults. Default off: a drop
   * closes the client.
   */
  autoReconnect?: boolean | AutoReconnectOptions;
  /**
   * End-to-end room key (upstream's `CLAWCHAT_ROOM_KEY` / `--room-key`): content sent to any
   * room is encrypted with it and `clw1:` content received is decrypted. Default none (plaintext).
   */
  roomKey?: string;
  /** Room keys by room id, overriding `roomKey` for those rooms. Default none. */
  roomKeys?: Record<string, string>;
  /** Protocol version to announce. Default 1. */
  protocolVersion?: number;
  /** Per-request reply timeout, ms. Default 10 000. */
  requestTimeoutMs?: number;
  /** Connect + register timeout, ms. Default 10 000. */
  connectTimeoutMs?: number;
  /**
   * Answer the server's heartbeat pings with a `pong` frame, so an idle client is not dropped
   * after 90 s (upstream's own clients do not). Default true.
   */
  answerHeartbeats?: boolean;
  /**
   * Recent events kept for {@link ClawChatClient.waitFor} with `includeRecent`. Default 256
   * (128 chat messages with their turn_changed notices): enough for an event that arrived just
   * before the wait began. A larger buffer keeps every event alive longer, so more of them survive
   * into V8's old generation: with 1000, eight busy clients in one process delivered 15–30 % fewer
   * messages/s and a p99 latency twice as high (bench/chat).
   */
  recentEvents?: number;
  /** Largest inbound line, bytes. Default 64 MiB. */
  maxLineBytes?: number;
  /** WebSocket handshake options (headers such as Origin, TLS CA) for ws:// and wss:// URLs. Default none. */
  webSocket?: WebSocketTransportOptions;
  /** Logger for protocol problems and reconnections (a pino Logger fits). Default silent. */
  logger?: ClientLogger;
}

/** The part of a pino {@link Logger} the client writes to. */
export type ClientLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/**
 * The default: writes nothing. Plain functions rather than a silent pino instance, so a process
 * that only needs the client (every local agent) does not load pino.
 */
export const silentClientLogger: ClientLogger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

/** Client defaults. */
export const CLIENT_DEFAULTS = Object.freeze({
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  answerHeartbeats: true,
  recentEvents: 256,
  maxLineBytes: 64 * 1024 * 1024,
});
