import { InvalidArgumentError, type Command } from 'commander';
import type { ClawChatClient } from '../../clawchat/client/index.js';
import { ClawChatConnectionError, ClawChatTimeoutError } from '../../clawchat/errors/index.js';
import type { ChatMessage } from '../../clawchat/protocol/index.js';
import { nonNegativeInt } from './chat-args.js';
import { chatFlags, connectChat, resolveRoom, type ChatConnectionFlags } from './chat-connection.js';
import { messageKind, messageType, note, printMessages } from './chat-output.js';
import { KIND_CONVERSATION_END } from './chat-send.js';
import { readCursor, writeCursor } from './chat-wait-cursor.js';
import { MessageInbox } from './chat-wait-inbox.js';

/** Exit codes of `wait`, as upstream: 0 a message, 1 timeout (no --loop) or error, 2 --idle-timeout expired, 3 conversation ended. */
export const WAIT_EXIT = Object.freeze({ message: 0, timeout: 1, idle: 2, ended: 3 });

/** Flags of `itercrew chat wait`. */
export interface WaitFlags {
  /** Seconds per wait (0 = 24 h); with --loop the budget of one internal round. Default 60. */
  timeout: number;
  /** Read floor: an integer, or `tip`/`auto` (the room's seq at start). */
  sinceSeq?: number | 'tip';
  /** Retry internal timeouts and dropped connections until a message arrives. */
  loop?: boolean;
  /** Stream every message forever (cursor advanced over every row), until --idle-timeout or conversation_end. */
  follow?: boolean;
  /** Seconds without a message after which --loop / --follow exit 2 (0 = never). Default 0. */
  idleTimeout: number;
  /** Seconds between `wait: alive` lines on stderr (0 = none; also silences peer join/leave lines). Default 30. */
  heartbeatSecs: number;
  onlyFrom?: string;
  notFrom?: string;
  onlyKind?: string;
  /** Print peers' thinking pulses to stderr while blocked. */
  showThinking?: boolean;
  /** Write the result to this file instead of stdout. */
  output?: string;
  /** Emit every unread message through the tip, not only the one that woke the wait. */
  drain?: boolean;
  /** Persist the highest processed seq here; read it back as the floor (beats --since-seq). */
  cursorFile?: string;
}

function sinceSeqArg(value: string): number | 'tip' {
  if (/^(tip|auto)$/i.test(value)) return 'tip';
  if (/^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  throw new InvalidArgumentError(`--since-seq must be an integer, 'tip', or 'auto', got "${value}"`);
}

/**
 * `itercrew chat wait <room>`: block until a real chat message from another agent arrives in the
 * room, print it (one JSON ChatMessage per line; decrypted with a room key) and exit — the
 * building block of an agent's reply-then-wait loop. Semantics and exit codes are upstream's
 * (`clawchat wait`, see {@link WAIT_EXIT}); thinking pulses, system rows and the agent's own
 * messages (same agent id, or same name without --agent-id) never wake it.
 */
export function registerChatWaitCommand(chat: Command): void {
  chat
    .command('wait')
    .description('wait for the next chat message in a room and print it (exit 0 message, 1 timeout, 2 idle, 3 ended)')
    .argument('<room>', 'room id or exact name')
    .option('--timeout <seconds>', 'give up after this (0 = 24 h); with --loop, one internal round', nonNegativeInt, 60)
    .option('--since-seq <n|tip|auto>', 'also return a stored message with seq above n (catch up); tip = the seq now', sinceSeqArg)
    .option('--loop', 'keep waiting across internal timeouts and dropped connections until a message arrives')
    .option('--follow', 'stream every message forever, advancing the cursor over each')
    .option('--idle-timeout <seconds>', 'with --loop/--follow: exit 2 after this long without a message (0 = never)', nonNegativeInt, 0)
    .option('--heartbeat-secs <seconds>', 'print "wait: alive" to stderr this often (0 = quiet)', nonNegativeInt, 30)
    .option('--only-from <name>', 'only wake on messages from this agent name')
    .option('--not-from <name>', 'skip messages from this agent name')
    .option('--only-kind <kind>', 'only wake on messages with this metadata.kind')
    .option('--show-thinking', "print peers' thinking pulses to stderr while blocked")
    .option('-o, --output <file>', 'write the message(s) to a file instead of standard output')
    .option('--drain', 'print every unread message through the tip, not only the one that woke the wait')
    .option('--cursor-file <file>', 'keep the highest processed seq here and start from it next time')
    .action(async (room: string, flags: WaitFlags, cmd: Command) => {
      process.exitCode = await runWait(room, flags, chatFlags(cmd));
    });
}

/** Backoff of the connection retries of --loop/--follow: 0.5 s doubling to 30 s. */
const RECONNECT = { initialDelayMs: 500, maxDelayMs: 30_000, maxAttempts: Infinity } as const;

/**
 * Runs one `wait`.
 *
 * @returns the exit code ({@link WAIT_EXIT}).
 * @throws on errors that are not transient (bad room, refused key, …): exit code 1.
 */
export async function runWait(roomRef: string, flags: WaitFlags, conn: ChatConnectionFlags): Promise<number> {
  const persistent = Boolean(flags.loop || flags.follow);
  const started = Date.now();
  const idleMs = persistent && flags.idleTimeout > 0 ? flags.idleTimeout * 1000 : Infinity;
  let lastActivity = started;
  const idleDeadline = (): number => lastActivity + idleMs;
  let latest: number | null = null; // the floor as advanced past filtered messages (resume hint)

  const client = persistent ? await connectRetrying(conn, idleDeadline()) : await connectChat(conn);
  if (!client) return idleExpired(roomRef, flags.idleTimeout, latest);
  const inbox = new MessageInbox();
  client.on('message_received', (e) => inbox.push(e.payload));
  client.onClose((err) => inbox.fail(err ?? new ClawChatConnectionError('connection closed')));
  const timers: NodeJS.Timeout[] = [];
  try {
    const roomId = await resolveRoom(client, roomRef);
    await client.joinRoom(roomId).catch(() => undefined); // as upstream: reading needs no membership
    const isSelf = (m: ChatMessage): boolean => m.agent_id === client.agentId || (conn.agentId === undefined && m.agent_name === conn.name);
    const isCandidate = (m: ChatMessage): boolean =>
      m.room_id === roomId && !isSelf(m) && messageType(m) !== 'thinking' && messageType(m) !== 'system';
    const matches = (m: ChatMessage): boolean =>
      (flags.onlyFrom === undefined || m.agent_name === flags.onlyFrom) &&
      (flags.notFrom === undefined || m.agent_name !== flags.notFrom) &&
      (flags.onlyKind === undefined || messageKind(m) === flags.onlyKind);

    const fromFile = flags.cursorFile ? readCursor(flags.cursorFile) : undefined;
    let floor: number | null = fromFile ?? (flags.sinceSeq === 'tip' ? await client.roomTip(roomId) : (flags.sinceSeq ?? null));
    const startFloor = floor;
    latest = floor;
    watch(client, roomId, flags, isSelf, timers, () => floor, persistent ? (flags.follow ? 'follow' : 'loop') : 'once', started);
    await client.setPresence({ status: 'waiting' }).catch(() => undefined); // peers now know we listen

    /** The next message that may wake the wait: the oldest stored one above the floor, else a live one. */
    const nextCandidate = async (deadline: number): Promise<ChatMessage | null> => {
      if (floor !== null) {
        const stored = await firstStored(client, roomId, floor, isCandidate);
        if (stored) return stored;
      }
      for (;;) {
        const m = await inbox.take(deadline);
        if (!m) return null;
        if (isCandidate(m) && (floor === null || m.seq > floor)) return m;
      }
    };
    /** nextCandidate, retrying transient connection trouble when persistent. */
    const next = async (deadline: number): Promise<ChatMessage | null> => {
      for (;;) {
        try {
          return await nextCandidate(deadline);
        } catch (err) {
          if (!persistent || client.closed || !(err instanceof ClawChatConnectionError || err instanceof ClawChatTimeoutError)) throw err;
          if (Date.now() >= deadline) return null;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };

    const roundMs = (flags.timeout === 0 ? 86_400 : flags.timeout) * 1000;
    for (;;) {
      const deadline = flags.follow ? idleDeadline() : Math.min(Date.now() + roundMs, idleDeadline());
      const m = await next(deadline);
      if (!m) {
        if (Date.now() >= idleDeadline()) return idleExpired(roomRef, flags.idleTimeout, latest);
        if (!persistent) {
          note(`Timed out after ${flags.timeout}s waiting for a message`);
          return WAIT_EXIT.timeout;
        }
        continue;
      }
      if (flags.follow) {
        floor = latest = m.seq;
        lastActivity = Date.now();
        if (!matches(m)) {
          if (flags.cursorFile) writeCursor(flags.cursorFile, m.seq);
          continue;
        }
        const code = deliver([m], flags, conn);
        if (code !== WAIT_EXIT.message) return code;
        continue;
      }
      if (!matches(m)) {
        if (!flags.loop) {
          note(`Timed out after ${flags.timeout}s waiting for a message`);
          return WAIT_EXIT.timeout;
        }
        floor = latest = m.seq;
        continue;
      }
      const batch = flags.drain ? await drainBatch(client, roomId, startFloor ?? m.seq - 1, m, isSelf) : [m];
      return deliver(batch, flags, conn);
    }
  } finally {
    for (const t of timers) clearInterval(t);
    if (!client.closed) await client.setPresence({ status: 'idle' }).catch(() => undefined);
    await client.close();
  }
}

/** Prints a batch, stores the cursor, and says whether the conversation ended. */
function deliver(batch: ChatMessage[], flags: WaitFlags, conn: ChatConnectionFlags): number {
  printMessages(batch, Boolean(conn.text), flags.output);
  const top = batch.reduce((s, m) => Math.max(s, m.seq), Number.MIN_SAFE_INTEGER);
  if (flags.cursorFile) writeCursor(flags.cursorFile, top);
  if (flags.drain && !flags.follow) note(`drained through seq ${top}`);
  if (batch.some((m) => messageKind(m) === KIND_CONVERSATION_END)) {
    note('Peer ended the conversation.');
    return WAIT_EXIT.ended;
  }
  return WAIT_EXIT.message;
}

function idleExpired(room: string, idleTimeout: number, latest: number | null): number {
  note(`No message for ${idleTimeout}s — the turn may be stalled. Resume with: wait ${room} --loop --since-seq ${latest ?? 'tip'}`);
  return WAIT_EXIT.idle;
}

/** The oldest stored message above `floor` that `accept`s, paging through history. */
async function firstStored(client: ClawChatClient, roomId: string, floor: number, accept: (m: ChatMessage) => boolean): Promise<ChatMessage | null> {
  let after = floor;
  for (;;) {
    const { messages } = await client.getHistory({ room_id: roomId, since_seq: after, limit: 100 });
    const hit = messages.find(accept);
    if (hit) return hit;
    if (messages.length < 100) return null;
    after = messages[messages.length - 1].seq;
  }
}

/**
 * `--drain`: every stored message above `floor` through the tip that is not thinking, system or
 * our own, plus the message that woke the wait (ephemeral rooms store nothing), by seq.
 */
async function drainBatch(client: ClawChatClient, roomId: string, floor: number, wake: ChatMessage, isSelf: (m: ChatMessage) => boolean): Promise<ChatMessage[]> {
  const bySeq = new Map<number, ChatMessage>([[wake.seq, wake]]);
  let after = floor;
  for (;;) {
    const { messages } = await client.getHistory({ room_id: roomId, since_seq: after, limit: 500 });
    for (const m of messages) if (messageType(m) !== 'thinking' && messageType(m) !== 'system' && !isSelf(m) && !bySeq.has(m.seq)) bySeq.set(m.seq, m);
    if (messages.length < 500) break;
    after = messages[messages.length - 1].seq;
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Connects for --loop/--follow, retrying an unreachable server with backoff until `deadline`; null if it passes. */
async function connectRetrying(conn: ChatConnectionFlags, deadline: number): Promise<ClawChatClient | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectChat(conn, { autoReconnect: RECONNECT });
    } catch (err) {
      if (!(err instanceof ClawChatConnectionError || err instanceof ClawChatTimeoutError)) throw err;
      const delay = Math.min(RECONNECT.maxDelayMs, RECONNECT.initialDelayMs * 2 ** (attempt - 1));
      if (Date.now() + delay >= deadline) return null;
      note(`wait: cannot connect (${err.message}); retrying in ${(delay / 1000).toFixed(1)}s`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** stderr companions of a blocked wait: heartbeats, peers joining/leaving, thinking pulses, reconnections. */
function watch(
  client: ClawChatClient,
  roomId: string,
  flags: WaitFlags,
  isSelf: (m: ChatMessage) => boolean,
  timers: NodeJS.Timeout[],
  floor: () => number | null,
  mode: string,
  started: number,
): void {
  if (flags.heartbeatSecs > 0) {
    timers.push(
      setInterval(() => {
        note(`wait: alive ${Math.round((Date.now() - started) / 1000)}s room=${roomId} since_seq=${floor() ?? '-'} mode=${mode}`);
      }, flags.heartbeatSecs * 1000),
    );
    client.on('agent_joined', (e) => e.payload.room_id === roomId && note(`wait: peer ${e.payload.agent.name} joined`));
    client.on('agent_left', (e) => e.payload.room_id === roomId && note(`wait: peer ${e.payload.agent_id} left`));
  }
  if (flags.showThinking) {
    client.on('thinking', (e) => e.payload.room_id === roomId && !isSelf(e.payload) && note(`wait: thinking ${e.payload.agent_name}: ${e.payload.content}`));
  }
  client.onDisconnect((err) => note(`wait: connection lost${err ? ` (${err.message})` : ''}; reconnecting`));
  client.onReconnect((info) => note(`wait: reconnected; caught up ${info.caughtUp[roomId] ?? 0} message(s)`));
}
