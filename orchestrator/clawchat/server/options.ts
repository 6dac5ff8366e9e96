import type { Logger } from '../../logging/logger.js';
import { silentLogger } from '../../logging/logger.js';
import { MAX_FRAME_BYTES } from '../protocol/ndjson.js';

/** Limits of one key tier (`rate_limit.rs`). Apply only in auth mode. */
export interface TierLimits {
  /** Concurrent registered connections per key (`rate_limit_agents`). Free 20, pro 200. */
  maxAgents: number;
  /** send_message + thinking per fixed window per key (`rate_limit_messages`). Free 200, pro 2000. */
  maxMessagesPerWindow: number;
  /** Room creations per key per server process, never decremented (`rate_limit_rooms`). Free 50, pro 500. */
  maxRooms: number;
  /** Largest message/thinking `content` in UTF-8 bytes (`message_too_large`). Free 64 KiB, pro 256 KiB. */
  maxContentBytes: number;
  /** Messages of rooms owned by keys of this tier older than this are purged, in days. Free 14, pro 90. */
  retentionDays: number;
}

/** Size and rate limits. */
export interface LimitOptions {
  /** Limits of unknown keys, the master key and `free` api keys. */
  free: TierLimits;
  /** Limits of `pro` api keys. */
  pro: TierLimits;
  /** Length of the fixed message-rate window, ms. Default 60 000. */
  messageWindowMs: number;
  /** Largest inbound line in bytes, newline included; bigger drops the connection. Default 1 MiB. */
  maxFrameBytes: number;
  /** Frames queued for a connection that is not reading before it is dropped. Default 256. */
  outboundQueueFrames: number;
  /** `agent_left` events buffered per stashed (disconnected) agent. Default 200. */
  stashMaxEvents: number;
}

/** Timers. Tests shorten them; {@link DEFAULT_TIMERS} holds the upstream values. */
export interface TimerOptions {
  /** Election opt-out window before the leader is drawn, ms. Default 2 000. */
  electionOptOutMs: number;
  /** Heartbeat `ping` interval, ms. Default 30 000. */
  heartbeatIntervalMs: number;
  /** A registered connection silent this long is dropped, ms. Default 90 000. */
  heartbeatTimeoutMs: number;
  /** Before registration, each line must arrive within this, ms. Default 10 000. */
  registerTimeoutMs: number;
  /** How long a disconnected agent's rooms are stashed for a reconnect, ms. Default 120 000. */
  reconnectWindowMs: number;
  /** How often expired stashes are swept, ms. Default 30 000. */
  reconnectSweepMs: number;
  /** How often messages past their tier's retention are purged, ms (0 = never). Default 3 600 000. */
  retentionPurgeIntervalMs: number;
}

/** Webhook delivery. */
export interface WebhookOptions {
  /** Delay before each retry after a failed delivery, ms; after the last the subscription is `failed`. Default 1/4/16/64/256 s. */
  retryDelaysMs: number[];
  /**
   * Allow receivers on loopback, private, link-local or reserved addresses. Upstream refuses
   * them (no flag in its binary); tests need a local receiver. Default false.
   */
  allowPrivateReceivers: boolean;
  /** Timeout of one delivery POST, ms. Default 10 000. */
  requestTimeoutMs: number;
}

/** Authentication. */
export interface AuthOptions {
  /** Accept any key and disable tier limits and visibility checks (upstream `--no-auth`). Default false. */
  noAuth?: boolean;
  /** The master key. Default: read from `keyFile` (created if missing), else a fresh random key. */
  key?: string;
  /** Path of the master key file (64 hex chars; created with mode 0600 in a 0700 directory if missing). Default: none. */
  keyFile?: string;
}

/** A TCP listener. */
export interface TcpListenOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** 0 = a free port. Default 0 (upstream's CLI uses 9229). */
  port?: number;
}

/** The HTTP listener that serves WebSocket `/ws` and the small REST API. */
export interface HttpListenOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** 0 = a free port. Default 0. */
  port?: number;
  /** Browser `Origin`s allowed on `/ws` (a request without Origin is always allowed). Default none. */
  allowedOrigins?: string[];
  /** Secret for `POST /api/keys` (header `x-clawchat-admin`); key signup is off without it. Default none. */
  adminSecret?: string;
}

/** Options of {@link ClawChatServer.start}. Every field is optional. */
export interface ClawChatServerOptions {
  /** TCP listener; `false` for none. Default `{ host: '127.0.0.1', port: 0 }`. */
  tcp?: TcpListenOptions | false;
  /** Unix socket path (a stale file is replaced); `false`/absent for none. Default none. */
  socket?: string | false;
  /** HTTP/WebSocket listener; absent/`false` for none (upstream: only with `--http`). Default none. */
  http?: HttpListenOptions | false;
  /** SQLite database path, or `:memory:`. Default `:memory:`. */
  db?: string;
  /** Authentication. Default: auth on with a fresh random master key (see `server.masterKey`). */
  auth?: AuthOptions;
  /** Limits; missing fields take {@link DEFAULT_LIMITS}. */
  limits?: Partial<Omit<LimitOptions, 'free' | 'pro'>> & { free?: Partial<TierLimits>; pro?: Partial<TierLimits> };
  /** Timers; missing fields take {@link DEFAULT_TIMERS}. */
  timers?: Partial<TimerOptions>;
  /** Webhook delivery; missing fields take {@link DEFAULT_WEBHOOKS}. */
  webhooks?: Partial<WebhookOptions>;
  /** Logger. Default silent. */
  logger?: Logger;
}

/** Options with every default applied. */
export interface ResolvedServerOptions {
  tcp: Required<TcpListenOptions> | false;
  socket: string | false;
  http: (Required<Omit<HttpListenOptions, 'adminSecret'>> & { adminSecret?: string }) | false;
  db: string;
  auth: AuthOptions;
  limits: LimitOptions;
  timers: TimerOptions;
  webhooks: WebhookOptions;
  logger: Logger;
}

/** Upstream timer values (`server.rs`, `reconnect.rs`, `voting.rs`). */
export const DEFAULT_TIMERS: Readonly<TimerOptions> = Object.freeze({
  electionOptOutMs: 2_000,
  heartbeatIntervalMs: 30_000,
  heartbeatTimeoutMs: 90_000,
  registerTimeoutMs: 10_000,
  reconnectWindowMs: 120_000,
  reconnectSweepMs: 30_000,
  retentionPurgeIntervalMs: 3_600_000,
});

/** Upstream tier limits (`rate_limit.rs`) and frame/queue caps (`server.rs`). */
export const DEFAULT_LIMITS: Readonly<LimitOptions> = Object.freeze({
  free: Object.freeze({ maxAgents: 20, maxMessagesPerWindow: 200, maxRooms: 50, maxContentBytes: 64 * 1024, retentionDays: 14 }),
  pro: Object.freeze({ maxAgents: 200, maxMessagesPerWindow: 2000, maxRooms: 500, maxContentBytes: 256 * 1024, retentionDays: 90 }),
  messageWindowMs: 60_000,
  maxFrameBytes: MAX_FRAME_BYTES,
  outboundQueueFrames: 256,
  stashMaxEvents: 200,
});

/** Upstream webhook behaviour (`webhooks.rs`). */
export const DEFAULT_WEBHOOKS: Readonly<WebhookOptions> = Object.freeze({
  retryDelaysMs: Object.freeze([1_000, 4_000, 16_000, 64_000, 256_000]) as unknown as number[],
  allowPrivateReceivers: false,
  requestTimeoutMs: 10_000,
});

/**
 * Applies defaults to {@link ClawChatServerOptions}.
 *
 * @returns a fully populated copy; the input is not modified.
 */
export function resolveServerOptions(options: ClawChatServerOptions = {}): ResolvedServerOptions {
  const tcp = options.tcp === false ? false : { host: options.tcp?.host ?? '127.0.0.1', port: options.tcp?.port ?? 0 };
  const http = !options.http
    ? false
    : {
        host: options.http.host ?? '127.0.0.1',
        port: options.http.port ?? 0,
        allowedOrigins: [...(options.http.allowedOrigins ?? [])],
        adminSecret: options.http.adminSecret,
      };
  const limits = options.limits ?? {};
  return {
    tcp,
    socket: options.socket || false,
    http,
    db: options.db ?? ':memory:',
    auth: { ...(options.auth ?? {}) },
    limits: {
      ...DEFAULT_LIMITS,
      ...stripUndefined(limits),
      free: { ...DEFAULT_LIMITS.free, ...stripUndefined(limits.free ?? {}) },
      pro: { ...DEFAULT_LIMITS.pro, ...stripUndefined(limits.pro ?? {}) },
    },
    timers: { ...DEFAULT_TIMERS, ...stripUndefined(options.timers ?? {}) },
    webhooks: {
      ...DEFAULT_WEBHOOKS,
      ...stripUndefined(options.webhooks ?? {}),
      retryDelaysMs: [...(options.webhooks?.retryDelaysMs ?? DEFAULT_WEBHOOKS.retryDelaysMs)],
    },
    logger: options.logger ?? silentLogger,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
