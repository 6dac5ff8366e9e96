import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { ClawChatConfigError } from '../../clawchat/errors/index.js';
import { ClawChatServer, type ClawChatServerOptions, type TierLimits } from '../../clawchat/server/index.js';
import { createLogger } from '../../logging/logger.js';

/** Upstream's data directory: clients (the `clawchat` CLI, Python client) look here for the key. */
export function defaultClawChatDir(): string {
  return path.join(os.homedir(), '.clawchat');
}

/** Options of `itercrew chat serve`, as commander parses them. */
interface ServeFlags {
  tcp: string | false;
  socket: string | false;
  http?: string;
  httpOrigin: string[];
  httpAdminSecret?: string;
  db: string;
  keyFile: string;
  auth: boolean;
  maxAgents?: number;
  maxMessagesPerMinute?: number;
  maxRooms?: number;
  maxContentBytes?: number;
  allowPrivateWebhooks: boolean;
}

/**
 * Parses `host:port` (`[v6]:port` for IPv6).
 *
 * @throws InvalidArgumentError for anything else.
 */
export function parseHostPort(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65_535) throw new InvalidArgumentError(`expected host:port, got "${value}"`);
  return { host: m[1] ?? m[2], port };
}

function hostPortFlag(value: string): string {
  parseHostPort(value);
  return value;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Maps the flags onto {@link ClawChatServerOptions}. Rate-limit flags set the `free` tier (the
 * tier of the master key and of unknown keys).
 */
export function serveOptionsFromFlags(flags: ServeFlags): ClawChatServerOptions {
  const free: Partial<TierLimits> = {};
  if (flags.maxAgents !== undefined) free.maxAgents = flags.maxAgents;
  if (flags.maxMessagesPerMinute !== undefined) free.maxMessagesPerWindow = flags.maxMessagesPerMinute;
  if (flags.maxRooms !== undefined) free.maxRooms = flags.maxRooms;
  if (flags.maxContentBytes !== undefined) free.maxContentBytes = flags.maxContentBytes;
  return {
    tcp: flags.tcp === false ? false : parseHostPort(flags.tcp),
    socket: flags.socket,
    http: flags.http ? { ...parseHostPort(flags.http), allowedOrigins: flags.httpOrigin, adminSecret: flags.httpAdminSecret } : false,
    db: flags.db,
    auth: flags.auth ? { keyFile: flags.keyFile } : { noAuth: true },
    limits: { free },
    webhooks: { allowPrivateReceivers: flags.allowPrivateWebhooks },
  };
}

/**
 * Registers `itercrew chat serve`: the embedded ClawChat server as a standalone process, with
 * upstream `clawchat-server serve` flags. The `chat` command is created if no other file has
 * created it yet.
 */
export function registerChatServeCommand(program: Command): void {
  const dir = defaultClawChatDir();
  const chat =
    program.commands.find((c) => c.name() === 'chat') ?? program.command('chat').description('ClawChat: the embedded server and client commands');
  chat
    .command('serve')
    .description('Run the embedded ClawChat server (wire-compatible with upstream clawchat-server)')
    .option('--tcp <host:port>', 'TCP listen address', hostPortFlag, '127.0.0.1:9229')
    .option('--no-tcp', 'disable the TCP listener')
    .option('--socket <path>', 'Unix socket path', path.join(dir, 'clawchat.sock'))
    .option('--no-socket', 'disable the Unix socket')
    .option('--http <host:port>', 'HTTP listener for WebSocket /ws and the REST API (off by default)', hostPortFlag)
    .option('--http-origin <origin>', 'browser Origin allowed on /ws (repeatable)', collect, [] as string[])
    .option('--http-admin-secret <secret>', 'enable POST /api/keys for callers sending this in x-clawchat-admin')
    .option('--db <path>', 'SQLite database (itercrew schema; not upstream\'s clawchat.db)', path.join(dir, 'itercrew-clawchat.db'))
    .option('--key-file <path>', 'master key file (created with mode 0600 if missing)', path.join(dir, 'auth.key'))
    .option('--no-auth', 'accept any key; no tier limits, no visibility checks (local development)')
    .option('--max-agents <n>', 'concurrent agents per key (default 20)', positiveInt)
    .option('--max-messages-per-minute <n>', 'messages + thinking per key per minute (default 200)', positiveInt)
    .option('--max-rooms <n>', 'room creations per key per server process (default 50)', positiveInt)
    .option('--max-content-bytes <n>', 'largest message content in bytes (default 65536)', positiveInt)
    .option('--allow-private-webhooks', 'let webhooks target loopback/private addresses (tests only)', false)
    .action(async (flags: ServeFlags) => {
      const logger = createLogger({ name: 'clawchat' });
      const options = { ...serveOptionsFromFlags(flags), logger };
      let server: ClawChatServer;
      try {
        server = await ClawChatServer.start(options);
      } catch (err) {
        if (err instanceof ClawChatConfigError) throw err;
        throw new ClawChatConfigError((err as Error).message, { cause: err });
      }
      const lines = [
        server.address.tcp && `tcp     ${server.address.tcp.url}`,
        server.address.socket && `socket  ${server.address.socket.url}`,
        server.address.http && `ws      ${server.address.http.wsUrl}`,
        flags.auth ? `key     ${path.resolve(flags.keyFile)}` : 'auth    off (--no-auth)',
        `db      ${path.resolve(flags.db)}`,
      ].filter(Boolean);
      process.stdout.write(`ClawChat server listening\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      process.stdout.write('ClawChat server stopped\n');
    });
}
