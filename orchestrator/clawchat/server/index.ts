/**
 * itercrew's embedded ClawChat server. Table of contents:
 *
 * - clawchat-server.ts   ClawChatServer.start(options) → address, close(); wiring
 * - options.ts           ClawChatServerOptions, defaults (upstream values)
 * - connection/          one client connection: framing, registration, heartbeat, disconnect
 * - transport/           TCP and Unix listeners, WebSocket `/ws` + REST, per-connection pipes
 * - handlers/            one file per command group: rooms, messages, history, presence, votes,
 *                        elections (+ decisions), tasks, subscriptions; dispatch table in index.ts
 * - agents/, broker/     registered sessions; room membership in join order, turn token, fan-out
 * - rooms/               room registry (persistent + ephemeral), join/leave/destroy lifecycle
 * - votes/, elections/, tasks/   sealed votes, leader elections, tasks
 * - reconnect/           the 120-second reconnect stash
 * - limits/, auth/       tier rate limits; key file and constant-time key check
 * - webhooks/            HMAC-signed deliveries with retries, receiver address guard
 * - store/               SQLite (better-sqlite3) schema and queries
 * - wire.ts              protocol objects and frame lines from records
 */
export { ClawChatServer, type ServerAddress } from './clawchat-server.js';
export {
  DEFAULT_LIMITS,
  DEFAULT_TIMERS,
  DEFAULT_WEBHOOKS,
  resolveServerOptions,
  type AuthOptions,
  type ClawChatServerOptions,
  type HttpListenOptions,
  type LimitOptions,
  type ResolvedServerOptions,
  type TcpListenOptions,
  type TierLimits,
  type TimerOptions,
  type WebhookOptions,
} from './options.js';
export { generateKey, loadOrCreateKeyFile, rotateKeyFile } from './auth/key-file.js';
export { signWebhook } from './webhooks/signature.js';
export { PROTOCOL_VERSION } from './connection/registration.js';
