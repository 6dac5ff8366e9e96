import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { ClawChatClient, type AutoReconnectOptions } from '../../clawchat/client/index.js';
import { ClawChatError } from '../../clawchat/errors/index.js';
import { ItercrewError } from '../../errors/index.js';
import { createLogger } from '../../logging/logger.js';

/**
 * Connection flags shared by every `itercrew chat` client command, named like upstream's
 * `clawchat` CLI. They live on the `chat` command, so they go before or after the subcommand:
 * `itercrew chat --name a send lobby hi` = `itercrew chat send lobby hi --name a`.
 */
export interface ChatConnectionFlags {
  /** Server URL (tcp://, unix://, ws://, wss://; `host:port` = tcp, a path = unix). Default: CLAWCHAT_URL, else the upstream socket if present, else tcp://127.0.0.1:9229. */
  url?: string;
  /** API key. Default: CLAWCHAT_KEY, else ~/.clawchat/auth.key. */
  key?: string;
  /** Agent name. Default `cli` (upstream's). */
  name: string;
  /** Stable agent id: separate one-shot calls act as one agent (registers with `reconnect: true`, like upstream). */
  agentId?: string;
  /** End-to-end room key. Default: CLAWCHAT_ROOM_KEY. Empty = none. */
  roomKey?: string;
  /** Human-readable output instead of JSON. */
  text?: boolean;
}

/** Environment variables the chat commands read. */
export const CHAT_ENV = Object.freeze({ url: 'CLAWCHAT_URL', key: 'CLAWCHAT_KEY', roomKey: 'CLAWCHAT_ROOM_KEY' });

/** Upstream's data directory (`~/.clawchat`): its socket and key file. */
function clawchatDir(): string {
  return path.join(os.homedir(), '.clawchat');
}

/** Adds the connection flags to the `chat` command. */
export function addChatConnectionOptions(chat: Command): void {
  chat
    .option('--url <url>', `server: tcp://host:port, unix:///path.sock, ws://host:port/ws or wss://… (env ${CHAT_ENV.url})`)
    .option('--key <key>', `API key (env ${CHAT_ENV.key}; default ~/.clawchat/auth.key)`)
    .option('--name <name>', 'agent name', 'cli')
    .option('--agent-id <id>', 'stable agent id, so separate calls act as one agent (reconnects to it)')
    .option('--room-key <key>', `end-to-end room key: encrypt what is sent, decrypt what is read (env ${CHAT_ENV.roomKey})`)
    .option('--text', 'human-readable output instead of JSON')
    .option('--json', 'JSON output (the default)');
}

/** The connection flags of a subcommand (its own and the `chat` command's). */
export function chatFlags(cmd: Command): ChatConnectionFlags {
  return cmd.optsWithGlobals() as ChatConnectionFlags;
}

/**
 * The server URL: the flag, else CLAWCHAT_URL, else upstream's Unix socket when it exists,
 * else upstream's default TCP address. `host:port` means TCP and a path means a Unix socket.
 */
export function resolveChatUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const given = flag ?? env[CHAT_ENV.url];
  if (given) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given) || given.startsWith('unix:')) return given;
    if (given.startsWith('/') || given.startsWith('.')) return `unix://${path.resolve(given)}`;
    if (/^[^/]+:\d+$/.test(given)) return `tcp://${given}`;
    return given;
  }
  const socket = path.join(clawchatDir(), 'clawchat.sock');
  return existsSync(socket) ? `unix://${socket}` : 'tcp://127.0.0.1:9229';
}

/**
 * The API key: the flag, else CLAWCHAT_KEY, else ~/.clawchat/auth.key (trimmed), as upstream.
 *
 * @throws ItercrewError `chat_no_key` when there is none.
 */
export function resolveChatKey(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const given = flag ?? env[CHAT_ENV.key];
  if (given) return given;
  const file = path.join(clawchatDir(), 'auth.key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key) return key;
  }
  throw new ItercrewError('chat_no_key', `no API key: pass --key, export ${CHAT_ENV.key}, or create ${file} (itercrew chat serve writes it)`);
}

/** The room key: the flag, else CLAWCHAT_ROOM_KEY; empty means none (upstream's rule). */
export function resolveRoomKey(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = flag ?? env[CHAT_ENV.roomKey];
  return key ? key : undefined;
}

/** Extra client options a command needs. */
export interface ConnectChatOptions {
  /** Reconnect automatically (wait --loop / --follow). Default off. */
  autoReconnect?: AutoReconnectOptions | false;
}

/**
 * Connects with the flags. With `--agent-id` the registration claims that id with
 * `reconnect: true` (reclaim or take over), as upstream's CLI does, so one-shot calls share an identity.
 *
 * @throws ItercrewError `chat_no_key`; ClawChatConnectionError; ClawChatError (refused).
 */
export async function connectChat(flags: ChatConnectionFlags, options: ConnectChatOptions = {}): Promise<ClawChatClient> {
  return ClawChatClient.connect({
    url: resolveChatUrl(flags.url),
    key: resolveChatKey(flags.key),
    name: flags.name,
    agentId: flags.agentId,
    reconnect: flags.agentId !== undefined,
    roomKey: resolveRoomKey(flags.roomKey),
    autoReconnect: options.autoReconnect ?? false,
    logger: createLogger({ name: 'clawchat', level: process.env.ITERCREW_LOG_LEVEL ?? 'error', pretty: false }),
  });
}

/**
 * Resolves a room given by id or exact name (upstream's rule): a room id that exists wins;
 * otherwise the single visible room with that name.
 *
 * @throws ClawChatError `room_not_found` when nothing matches; ItercrewError `chat_room_ambiguous`
 *   when several rooms have that name; other server errors as they come (e.g. `access_denied`).
 */
export async function resolveRoom(client: ClawChatClient, ref: string): Promise<string> {
  try {
    await client.roomInfo(ref);
    return ref;
  } catch (err) {
    if (!(err instanceof ClawChatError) || err.code !== 'room_not_found') throw err;
  }
  const matches = (await client.listRooms()).filter((r) => r.name === ref);
  if (matches.length === 1) return matches[0].room_id;
  if (matches.length === 0) throw new ClawChatError('room_not_found', `Room '${ref}' not found (expected an id or the exact name of a room you can see)`);
  throw new ItercrewError('chat_room_ambiguous', `Room name '${ref}' is ambiguous (${matches.map((r) => r.room_id).join(', ')}); use the room id`);
}

/**
 * Connects, runs `fn`, and always closes the connection.
 */
export async function withChat<T>(flags: ChatConnectionFlags, fn: (client: ClawChatClient) => Promise<T>, options: ConnectChatOptions = {}): Promise<T> {
  const client = await connectChat(flags, options);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
