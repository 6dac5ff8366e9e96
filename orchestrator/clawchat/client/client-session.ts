import { ClawChatConnectionError, ClawChatError, ClawChatProtocolError, ClawChatTimeoutError } from '../errors/clawchat-error.js';
import { COMMANDS, type CommandInput, type CommandReply } from '../protocol/command-table.js';
import { ErrorPayloadSchema } from '../protocol/error-codes.js';
import { EVENTS, type ServerEvent } from '../protocol/events.js';
import { describeZodError, encodeFrame, type Frame } from '../protocol/frame.js';
import { isEventType, type CommandType, type EventType } from '../protocol/frame-types.js';
import type { ChatMessage } from '../protocol/models.js';
import type { RegisterReply } from '../protocol/replies.js';
import { RoomContentCrypto } from './e2e/room-content-crypto.js';
import { EventHub, type EventOf, type ReconnectInfo, type WaitForOptions } from './event-hub.js';
import { CompiledCheckTable } from './inbound/compiled-check.js';
import { decodeServerFrame } from './inbound/decode-server-frame.js';
import { Link } from './link.js';
import { CLIENT_DEFAULTS, silentClientLogger, type ClawChatClientOptions, type ClientLogger } from './options.js';
import { PendingRequests } from './pending-requests.js';
import { backoffDelay } from './reconnect/backoff.js';
import { fetchSince, rowToEvent } from './reconnect/catch-up.js';
import { resolveAutoReconnect, type AutoReconnectOptions } from './reconnect/reconnect-options.js';
import { RoomCursors } from './reconnect/room-cursors.js';
import { openTransport } from './transports/open-transport.js';

/** Options of one request. */
export interface RequestOptions {
  /** Reply timeout, ms. Default: the client's `requestTimeoutMs`. */
  timeoutMs?: number;
}

/** Connection state: `connected`, `reconnecting` (auto-reconnect between links) or `closed` for good. */
export type ClientState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Registration refusals that no retry can fix: reconnecting stops with them. */
const FATAL_REGISTER_CODES = new Set(['unauthorized', 'unsupported_protocol', 'agent_id_taken', 'invalid_payload']);
/** Join errors meaning the room is gone for this agent (dropped from the rooms to resume). */
const LOST_ROOM_CODES = new Set(['room_not_found', 'access_denied']);
/** Event payload and reply checks shared by every client of the process (zod, compiled once hot). */
const EVENT_CHECKS = new CompiledCheckTable<EventType>((type) => EVENTS[type]);
const REPLY_CHECKS = new CompiledCheckTable<CommandType>((type) => COMMANDS[type].reply);

/**
 * The connection machinery behind {@link ClawChatClient}: the current link, requests correlated
 * by id with per-request timeouts, validation of every inbound frame, event fan-out, end-to-end
 * content encryption, and (opt-in) automatic reconnection with per-room catch-up.
 *
 * Reconnection, step by step: the link drops → requests written to it reject with
 * ClawChatConnectionError (their effect on the server is unknown), new requests queue → after
 * a backoff a new link registers with the same agent_id and `reconnect: true` → every joined
 * room is re-joined (`join_room` is idempotent) → each room's history since its cursor is
 * fetched and surfaced as events, then the events that arrived meanwhile, de-duplicated by
 * message id → queued requests are sent → `onReconnect` listeners run.
 */
export class ClientSession {
  /** The registration reply (agent_id, name, protocol_version; reconnect fields on a reclaim). */
  registration!: RegisterReply;
  /** Frames the server replayed right after a reconnect reclaim (`agent_left` events). */
  readonly missedEvents: ServerEvent[] = [];
  protected readonly hub: EventHub;
  protected readonly logger: ClientLogger;
  protected readonly requestTimeoutMs: number;
  private readonly crypto: RoomContentCrypto;
  private readonly pending = new PendingRequests();
  private readonly cursors = new RoomCursors();
  private readonly reconnectOptions: Required<AutoReconnectOptions> | null;
  private link: Link | null = null;
  private candidate: Link | null = null;
  private currentState: ClientState = 'connecting';
  private closing = false;
  private held: ServerEvent[] | null = null;
  private missedToCollect = 0;
  private missedDone: (() => void) | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private wakeBackoff: (() => void) | undefined;
  private nextId = 0;

  protected constructor(protected readonly options: ClawChatClientOptions) {
    this.logger = options.logger ?? silentClientLogger;
    this.requestTimeoutMs = options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs;
    this.hub = new EventHub(this.logger, options.recentEvents ?? CLIENT_DEFAULTS.recentEvents, this.requestTimeoutMs);
    this.crypto = new RoomContentCrypto(options.roomKey, options.roomKeys, this.logger);
    this.reconnectOptions = resolveAutoReconnect(options.autoReconnect);
  }

  /**
   * Opens the first link and registers.
   *
   * @throws ClawChatConnectionError, ClawChatError (registration refused), ClawChatTimeoutError.
   */
  protected async start(): Promise<void> {
    const timeoutMs = this.options.connectTimeoutMs ?? CLIENT_DEFAULTS.connectTimeoutMs;
    const link = await this.openLink();
    try {
      const reply = await this.call('register', this.registerPayload(this.options.agentId, this.options.reconnect ?? false), timeoutMs, link);
      this.registration = reply;
      if (this.missedToCollect > 0 && !link.closed) await new Promise<void>((resolve) => (this.missedDone = resolve));
      if (link.closed) throw new ClawChatConnectionError('connection closed right after registering');
      this.link = link;
      this.currentState = 'connected';
      if (this.reconnectOptions) for (const roomId of reply.rooms ?? []) await this.trackRoom(roomId);
    } catch (err) {
      link.close();
      if (this.link === link) this.link = null;
      this.currentState = 'closed';
      throw err;
    }
    this.startKeepAlive();
  }

  /** This agent's id. */
  get agentId(): string {
    return this.registration.agent_id;
  }

  /** This agent's name. */
  get name(): string {
    return this.registration.name;
  }

  /** True once the client is closed for good (closed by the caller, or the connection is lost and not recovered). */
  get closed(): boolean {
    return this.currentState === 'closed';
  }

  /** `connected`, `reconnecting` or `closed`. */
  get state(): ClientState {
    return this.currentState;
  }

  /**
   * Sends a command and resolves with its validated reply payload. With a room key, content is
   * encrypted on the way out and decrypted in the reply. While reconnecting, the request waits
   * (within its timeout) for the new link.
   *
   * @throws ClawChatError (server error, with its code), ClawChatTimeoutError,
   *   ClawChatConnectionError (closed, or the link dropped before the reply),
   *   ClawChatProtocolError (reply failed validation).
   */
  async request<T extends CommandType>(type: T, payload: CommandInput<T>, options: RequestOptions = {}): Promise<CommandReply<T>> {
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const roomId = (payload as { room_id?: unknown }).room_id;
    const joining = type === 'join_room' && this.reconnectOptions !== null && typeof roomId === 'string' && !this.cursors.has(roomId);
    if (joining) {
      // Read the tip first, then track, then join: a drop at any point after this leaves the room
      // tracked, so the next resume re-joins it and catches up everything after the tip.
      const tip = await this.call('room_tip', { room_id: roomId }, timeoutMs, this.link);
      this.cursors.track(roomId, tip.seq);
    }
    let reply: CommandReply<T>;
    try {
      reply = await this.call(type, this.crypto.outgoing(type, payload), timeoutMs, this.link);
    } catch (err) {
      if (joining && err instanceof ClawChatError) this.cursors.forget(roomId); // refused: not a room of ours
      throw err;
    }
    this.afterReply(type, payload, reply);
    return this.crypto.reply(type, reply);
  }

  /** Sets the end-to-end key of one room (`undefined` removes it; `'*'` sets the key for every room). */
  setRoomKey(roomId: string, key: string | undefined): void {
    this.crypto.setRoomKey(roomId, key);
  }

  // --- events (see EventHub) ---

  /** Calls `listener` for each pushed event of `type` (every event for `'*'`). @returns a remover. */
  on<T extends EventType>(type: T | '*', listener: (event: EventOf<T>) => void): () => void {
    return this.hub.on(type, listener);
  }

  /**
   * Pushed events from now on as an async iterator (buffered until consumed), optionally only
   * some types. Ends when the client closes or the loop breaks. Survives reconnections.
   */
  events(options: { types?: readonly EventType[] } = {}): AsyncIterableIterator<ServerEvent> {
    return this.hub.events(options);
  }

  /**
   * Resolves with the next event of `type` that matches `predicate` (optionally one already
   * received, see `includeRecent`).
   *
   * @throws ClawChatTimeoutError after `timeoutMs`; ClawChatConnectionError if the client closes.
   */
  waitFor<T extends EventType>(type: T, options: WaitForOptions<T> = {}): Promise<EventOf<T>> {
    return this.hub.waitFor(type, options);
  }

  /** Calls `listener` for each inbound frame that fails validation. @returns a remover. */
  onProtocolError(listener: (err: ClawChatProtocolError) => void): () => void {
    return this.hub.onProtocolError(listener);
  }

  /** Calls `listener` once when the client closes for good (`err` if it failed). @returns a remover. */
  onClose(listener: (err?: Error) => void): () => void {
    return this.hub.onClose(listener);
  }

  /** Auto-reconnect: calls `listener` each time the connection drops. @returns a remover. */
  onDisconnect(listener: (err?: Error) => void): () => void {
    return this.hub.onDisconnect(listener);
  }

  /** Auto-reconnect: calls `listener` after each reconnection (rooms re-joined, messages caught up). @returns a remover. */
  onReconnect(listener: (info: ReconnectInfo) => void): () => void {
    return this.hub.onReconnect(listener);
  }

  /** Closes the connection (and stops reconnecting); pending requests fail with ClawChatConnectionError. */
  async close(): Promise<void> {
    if (this.currentState === 'closed') return;
    this.closing = true;
    this.wakeBackoff?.();
    this.candidate?.close();
    const link = this.link;
    if (link && !link.closed) {
      await new Promise<void>((resolve) => {
        this.hub.onClose(() => resolve());
        link.close();
      });
    } else {
      this.finish();
    }
  }

  // --- requests ---

  /** Writes a request to `link` (or queues it for the next link when `link` is null). */
  private call<T extends CommandType>(type: T, payload: unknown, timeoutMs: number, link: Link | null): Promise<CommandReply<T>> {
    if (this.currentState === 'closed') return Promise.reject(new ClawChatConnectionError('connection closed'));
    const id = `c${++this.nextId}`;
    const line = encodeFrame({ id, type, payload: stripUndefined(payload) });
    return new Promise<CommandReply<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending.take(id)) reject(new ClawChatTimeoutError(`no reply to ${type} (${id}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.add({ id, type, line, link, resolve: resolve as (p: unknown) => void, reject, timer });
      link?.send(line);
    });
  }

  /** Bookkeeping a successful reply implies for catch-up: rooms left, own messages. */
  private afterReply<T extends CommandType>(type: T, payload: CommandInput<T>, reply: CommandReply<T>): void {
    if (!this.reconnectOptions) return;
    const roomId = (payload as { room_id?: string }).room_id;
    if (type === 'leave_room' && roomId) this.cursors.forget(roomId);
    else if (type === 'send_message' || type === 'thinking') {
      const m = reply as ChatMessage;
      this.cursors.deliver(m.room_id, m.message_id, m.seq);
    }
  }

  /** Starts tracking a room this agent is in (reclaimed at connect) from its current tip. */
  private async trackRoom(roomId: string): Promise<void> {
    if (this.cursors.has(roomId)) return;
    const tip = await this.call('room_tip', { room_id: roomId }, this.requestTimeoutMs, this.link);
    this.cursors.track(roomId, tip.seq);
  }

  private registerPayload(agentId: string | undefined, reconnect: boolean): CommandInput<'register'> {
    return {
      key: this.options.key,
      name: this.options.name,
      agent_id: agentId,
      capabilities: this.options.capabilities ?? [],
      reconnect,
      protocol_version: this.options.protocolVersion,
    };
  }

  // --- links ---

  private async openLink(): Promise<Link> {
    const link = new Link();
    link.transport = await openTransport(
      this.options.url,
      { onLine: (line) => this.onLine(link, line), onClose: (err) => this.onLinkClosed(link, err) },
      {
        maxLineBytes: this.options.maxLineBytes ?? CLIENT_DEFAULTS.maxLineBytes,
        timeoutMs: this.options.connectTimeoutMs ?? CLIENT_DEFAULTS.connectTimeoutMs,
        webSocket: this.options.webSocket,
      },
    );
    return link;
  }

  private onLinkClosed(link: Link, err?: Error): void {
    if (link.closed) return;
    link.closed = true;
    this.pending.failLink(
      link,
      (p) => new ClawChatConnectionError(`connection closed before the reply to ${p.type} (${p.id})${err ? `: ${err.message}` : ''}`, { cause: err }),
    );
    this.missedDone?.();
    if (link !== this.link) return; // a link being set up, or one already replaced
    this.link = null;
    this.stopKeepAlive();
    if (this.closing || !this.reconnectOptions) {
      this.finish(this.closing ? undefined : err);
      return;
    }
    this.currentState = 'reconnecting';
    this.held ??= [];
    this.logger.warn({ err: err?.message }, 'clawchat client: connection lost, reconnecting');
    this.hub.disconnected(err);
    void this.reconnect(err);
  }

  private finish(err?: Error): void {
    if (this.currentState === 'closed') return;
    this.currentState = 'closed';
    this.stopKeepAlive();
    this.pending.failAll((p) => new ClawChatConnectionError(`connection closed before the reply to ${p.type} (${p.id})${err ? `: ${err.message}` : ''}`, { cause: err }));
    this.missedDone?.();
    this.hub.end(err);
  }

  // --- reconnection ---

  private async reconnect(cause?: Error): Promise<void> {
    const options = this.reconnectOptions!;
    let lastError: unknown = cause;
    for (let attempt = 1; !this.closing; attempt++) {
      if (attempt > options.maxAttempts) {
        const why = lastError instanceof Error ? `: ${lastError.message}` : '';
        this.finish(new ClawChatConnectionError(`gave up reconnecting to ${this.options.url} after ${options.maxAttempts} attempt(s)${why}`, { cause: lastError }));
        return;
      }
      await this.backoff(backoffDelay(attempt, options));
      if (this.closing) break;
      let link: Link | undefined;
      try {
        link = await this.openLink();
        this.candidate = link;
        const info = await this.resume(link, attempt);
        this.candidate = null;
        if (this.closing || link.closed) throw new ClawChatConnectionError('connection closed while resuming');
        this.link = link;
        this.currentState = 'connected';
        for (const p of this.pending.queued()) {
          p.link = link;
          link.send(p.line);
        }
        this.startKeepAlive();
        this.logger.info({ attempts: attempt, caught_up: info.caughtUp }, 'clawchat client: reconnected');
        this.hub.reconnected(info);
        return;
      } catch (err) {
        this.candidate = null;
        link?.close();
        lastError = err;
        if (err instanceof ClawChatError && FATAL_REGISTER_CODES.has(err.code)) {
          this.finish(err);
          return;
        }
        this.logger.debug({ attempt, err: (err as Error).message }, 'clawchat client: reconnection attempt failed');
      }
    }
    this.finish();
  }

  /** Registers on `link` as the same agent, re-joins rooms, catches up; releases held events. */
  private async resume(link: Link, attempts: number): Promise<ReconnectInfo> {
    const options = this.reconnectOptions!;
    const timeoutMs = this.options.connectTimeoutMs ?? CLIENT_DEFAULTS.connectTimeoutMs;
    const reply = await this.call('register', this.registerPayload(this.agentId, true), timeoutMs, link);
    this.registration = { ...reply };
    const lostRooms: ReconnectInfo['lostRooms'] = [];
    for (const roomId of this.cursors.roomIds()) {
      try {
        await this.call('join_room', { room_id: roomId }, this.requestTimeoutMs, link);
      } catch (err) {
        if (!(err instanceof ClawChatError) || !LOST_ROOM_CODES.has(err.code)) throw err;
        lostRooms.push({ roomId, code: err.code });
        this.cursors.forget(roomId);
      }
    }
    const caughtUp: Record<string, number> = {};
    const missed: ServerEvent[] = [];
    for (const roomId of this.cursors.roomIds()) {
      const rows = await fetchSince(
        (room_id, since_seq, limit) => this.call('get_history', { room_id, since_seq, limit }, this.requestTimeoutMs, link),
        roomId,
        this.cursors.floor(roomId, options.catchUpOverlap),
        options.catchUpPageSize,
      );
      caughtUp[roomId] = 0;
      for (const row of rows) {
        if (row.agent_id === this.agentId || row.seq <= this.cursors.baseline(roomId) || this.cursors.seen(roomId, row.message_id)) continue;
        const event = rowToEvent(row);
        if (!event) continue;
        missed.push(event);
        caughtUp[roomId] += 1;
      }
    }
    // Synchronously from here: caught-up rows first, then what arrived meanwhile (deduplicated).
    const held = this.held ?? [];
    this.held = null;
    for (const event of missed) this.dispatch(event);
    for (const event of held) this.dispatch(event);
    return { attempts, reclaimed: reply.reconnected === true, rooms: this.cursors.roomIds(), caughtUp, lostRooms };
  }

  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeBackoff = done;
    });
  }

  private startKeepAlive(): void {
    const every = this.reconnectOptions?.keepAliveMs ?? 0;
    if (every <= 0) return;
    this.stopKeepAlive();
    this.keepAliveTimer = setInterval(() => {
      const link = this.link;
      if (!link || link.probing || Date.now() - link.lastInbound < every) return;
      link.probing = true;
      this.call('ping', {}, this.requestTimeoutMs, link).then(
        () => (link.probing = false),
        () => {
          link.probing = false;
          if (!link.closed) {
            this.logger.warn('clawchat client: no answer to a keep-alive ping, dropping the connection');
            link.close();
          }
        },
      );
    }, Math.max(20, Math.floor(every / 2)));
    this.keepAliveTimer.unref();
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  // --- inbound ---

  private onLine(link: Link, line: string): void {
    link.lastInbound = Date.now();
    const decoded = decodeServerFrame(line);
    if (!decoded.ok) {
      this.hub.protocolError(new ClawChatProtocolError(`invalid frame: ${decoded.message}`, line));
      return;
    }
    const frame = decoded.frame;
    if (frame.reply_to !== undefined) {
      this.onReply(frame, line, decoded.mayUseFast);
      return;
    }
    if (frame.type === 'error') {
      const p = ErrorPayloadSchema.safeParse(frame.payload);
      this.hub.protocolError(new ClawChatProtocolError(`uncorrelated error from server: ${p.success ? `${p.data.code}: ${p.data.message}` : line}`, line));
      return;
    }
    if (!isEventType(frame.type)) {
      this.hub.protocolError(new ClawChatProtocolError(`unknown event type ${frame.type}`, line));
      return;
    }
    const parsed = EVENT_CHECKS.parse(frame.type, frame.payload, decoded.mayUseFast);
    if (!parsed.success) {
      this.hub.protocolError(new ClawChatProtocolError(`invalid ${frame.type} event: ${describeZodError(parsed.error)}`, line));
      return;
    }
    const event = { type: frame.type, id: frame.id, payload: parsed.data } as ServerEvent;
    if (event.type === 'ping' && (this.options.answerHeartbeats ?? CLIENT_DEFAULTS.answerHeartbeats)) {
      link.send(encodeFrame({ type: 'pong', payload: {} }));
    }
    this.deliver(event);
  }

  private onReply(frame: Frame<string>, line: string, mayUseFast: boolean): void {
    const pending = this.pending.take(frame.reply_to!);
    if (!pending) {
      this.logger.debug({ reply_to: frame.reply_to }, 'clawchat client: reply to no pending request (timed out?)');
      return;
    }
    if (frame.type === 'error') {
      const p = ErrorPayloadSchema.safeParse(frame.payload);
      if (p.success) pending.reject(new ClawChatError(p.data.code, p.data.message));
      else pending.reject(new ClawChatProtocolError(`invalid error payload: ${describeZodError(p.error)}`, line));
      return;
    }
    const spec = COMMANDS[pending.type];
    if (frame.type !== spec.replyType) {
      pending.reject(new ClawChatProtocolError(`expected ${spec.replyType} in reply to ${pending.type}, got ${frame.type}`, line));
      return;
    }
    const parsed = REPLY_CHECKS.parse(pending.type, frame.payload, mayUseFast);
    if (!parsed.success) {
      pending.reject(new ClawChatProtocolError(`invalid ${pending.type} reply: ${describeZodError(parsed.error)}`, line));
      return;
    }
    if (pending.type === 'register') {
      // Buffered frames follow the reply at once, before the caller resumes: collect them now.
      this.missedToCollect = (parsed.data as RegisterReply).missed_messages ?? 0;
    }
    pending.resolve(parsed.data);
  }

  private deliver(event: ServerEvent): void {
    if (this.missedToCollect > 0) {
      this.missedEvents.push(event);
      this.missedToCollect -= 1;
      if (this.missedToCollect === 0) this.missedDone?.();
    }
    if (this.held) this.held.push(event);
    else this.dispatch(event);
  }

  /** Hands an event out once: chat, thinking and decisions are de-duplicated per room by message id. */
  private dispatch(event: ServerEvent): void {
    switch (event.type) {
      case 'message_received':
      case 'thinking':
        if (!this.cursors.deliver(event.payload.room_id, event.payload.message_id, event.payload.seq)) return;
        break;
      case 'decision_made':
        if (!this.cursors.deliver(event.payload.room_id, event.payload.message_id)) return;
        break;
      case 'room_destroyed':
        this.cursors.forget(event.payload.room_id);
        break;
    }
    this.hub.emit(this.crypto.event(event));
  }
}

function stripUndefined(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
}
