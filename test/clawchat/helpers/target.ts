import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClawChatServer, type ClawChatServerOptions } from '../../../orchestrator/clawchat/server/index.js';

/** Transports the embedded server can be tested over. */
export type TestTransport = 'tcp' | 'unix' | 'ws';

/** A server the conformance suite talks to. */
export interface ConformanceTarget {
  /** URL the raw agents connect to. */
  url: string;
  /** A key the server accepts. */
  key: string;
  /** The embedded server (undefined for an external one: CLAWCHAT_URL). */
  server?: ClawChatServer;
  /** Election opt-out the server uses, ms (2 000 for a real server). */
  electionOptOutMs: number;
  /** Stops the embedded server and removes its temp dir. */
  close(): Promise<void>;
}

/** Short timers for tests; the defaults test checks the upstream values separately. */
export const TEST_TIMERS = { electionOptOutMs: 60 } as const;

/**
 * Starts an embedded server with a temp dir (socket path, db file) listening on `transport`.
 */
export async function startEmbedded(
  transport: TestTransport,
  options: ClawChatServerOptions = {},
): Promise<{ server: ClawChatServer; url: string; key: string; dir: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clawchat-test-'));
  const server = await ClawChatServer.start({
    tcp: transport === 'tcp' ? { host: '127.0.0.1', port: 0 } : false,
    socket: transport === 'unix' ? path.join(dir, 'clawchat.sock') : false,
    http: transport === 'ws' ? { host: '127.0.0.1', port: 0 } : false,
    auth: { key: 'test-master-key' },
    ...options,
    timers: { ...TEST_TIMERS, ...options.timers },
  });
  const url = transport === 'tcp' ? server.address.tcp!.url : transport === 'unix' ? server.address.socket!.url : server.address.http!.wsUrl;
  return {
    server,
    url,
    key: server.masterKey ?? 'any',
    dir,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The conformance target: the server at CLAWCHAT_URL (key CLAWCHAT_KEY) when `external` and the
 * variable is set, else an embedded server over `transport`.
 */
export async function conformanceTarget(transport: TestTransport, external: boolean): Promise<ConformanceTarget> {
  const url = process.env.CLAWCHAT_URL;
  if (external && url) {
    return {
      url,
      key: process.env.CLAWCHAT_KEY ?? '',
      electionOptOutMs: Number(process.env.CLAWCHAT_ELECTION_MS ?? 2_000),
      close: async () => undefined,
    };
  }
  // The suite creates ~50 rooms with one key; upstream allows 50 per key per server process.
  const e = await startEmbedded(transport, { limits: { free: { maxRooms: 10_000 } } });
  return { url: e.url, key: e.key, server: e.server, electionOptOutMs: TEST_TIMERS.electionOptOutMs, close: e.close };
}

/** A unique name for persistent rooms (names are global on a server). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
