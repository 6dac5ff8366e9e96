/**
 * The ClawChat client. Table of contents:
 *
 * - clawchat-client.ts   ClawChatClient.connect(options) and one typed method per command
 * - client-session.ts    the machinery: requests by id, inbound validation, events, reconnection
 * - options.ts           ClawChatClientOptions and defaults
 * - event-hub.ts         listeners, async iterators, waitFor, lifecycle listeners
 * - connection-url.ts    tcp:// unix:// ws:// wss:// URL parsing
 * - transports/          one file per transport (TCP/Unix socket, WebSocket); open-transport.ts picks one
 * - reconnect/           auto-reconnect options, backoff, per-room cursors, history catch-up
 * - e2e/                 transparent end-to-end content encryption (uses ../crypto)
 * - link.ts, pending-requests.ts, event-queue.ts   small internals
 */
export { ClawChatClient } from './clawchat-client.js';
export { type ClientState, type RequestOptions } from './client-session.js';
export { type EventOf, type ReconnectInfo, type WaitForOptions } from './event-hub.js';
export { CLIENT_DEFAULTS, type ClawChatClientOptions } from './options.js';
export { AUTO_RECONNECT_DEFAULTS, type AutoReconnectOptions } from './reconnect/reconnect-options.js';
export { parseEndpoint, type ClawChatEndpoint } from './connection-url.js';
export type { ClientTransport, ClientTransportHandlers } from './transports/client-transport.js';
export type { WebSocketTransportOptions } from './transports/websocket-transport.js';
