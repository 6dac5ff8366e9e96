import type { ClientLogger } from './options.js';
import { ClawChatConnectionError, ClawChatTimeoutError, type ClawChatProtocolError } from '../errors/clawchat-error.js';
import type { ServerEvent } from '../protocol/events.js';
import type { EventType } from '../protocol/frame-types.js';
import { AsyncQueue } from './event-queue.js';

/** The event of type `T`. */
export type EventOf<T extends EventType> = Extract<ServerEvent, { type: T }>;

/** Options of {@link EventHub.waitFor}. */
export interface WaitForOptions<T extends EventType> {
  /** Only events this accepts. */
  predicate?: (event: EventOf<T>) => boolean;
  /** Give up after this, ms (ClawChatTimeoutError). Default: the client's `requestTimeoutMs`. */
  timeoutMs?: number;
  /** Also match events already received (the recent-events buffer), oldest first. Default false. */
  includeRecent?: boolean;
}

/** What a reconnection did (see `ClawChatClient.onReconnect`). */
export interface ReconnectInfo {
  /** Attempts this outage took (1 = the first try worked). */
  attempts: number;
  /** True when the server reclaimed a stash (`reconnected:true`), false for a takeover or a fresh registration. */
  reclaimed: boolean;
  /** Rooms re-joined. */
  rooms: string[];
  /** Messages fetched with `get_history since_seq` and surfaced as events, per room id. */
  caughtUp: Record<string, number>;
  /** Rooms that could not be re-joined (gone or no longer accessible), with the server's error code. */
  lostRooms: Array<{ roomId: string; code: string }>;
}

type Listener = (event: ServerEvent) => void;
type QueueEntry = { queue: AsyncQueue<ServerEvent>; types?: ReadonlySet<string> };

/**
 * Fan-out of a client's pushed events: typed listeners, async-iterator queues, a bounded
 * recent-events buffer for {@link waitFor} with `includeRecent`, and the lifecycle listeners
 * (protocol errors, disconnect, reconnect, close).
 */
export class EventHub {
  private readonly listeners = new Map<EventType | '*', Set<Listener>>();
  private readonly queues = new Set<QueueEntry>();
  /** Ring buffer of the last `recentLimit` events (`recentNext` = next slot to write). */
  private readonly recent: ServerEvent[] = [];
  private recentNext = 0;
  private readonly protocolErrorListeners = new Set<(err: ClawChatProtocolError) => void>();
  private readonly closeListeners = new Set<(err?: Error) => void>();
  private readonly disconnectListeners = new Set<(err?: Error) => void>();
  private readonly reconnectListeners = new Set<(info: ReconnectInfo) => void>();
  private ended = false;

  /**
   * @param recentLimit events kept for `includeRecent`.
   * @param defaultTimeoutMs default of `waitFor`'s `timeoutMs`.
   */
  constructor(
    private readonly logger: ClientLogger,
    private readonly recentLimit: number,
    private readonly defaultTimeoutMs: number,
  ) {}

  /** Hands one event to every listener and queue. Listener exceptions are logged, never thrown. */
  emit(event: ServerEvent): void {
    if (this.recentLimit > 0) {
      this.recent[this.recentNext] = event;
      this.recentNext = (this.recentNext + 1) % this.recentLimit;
    }
    for (const entry of this.queues) if (!entry.types || entry.types.has(event.type)) entry.queue.push(event);
    for (const key of [event.type, '*'] as const) {
      const set = this.listeners.get(key);
      if (!set) continue;
      for (const listener of [...set]) this.safely(() => listener(event), event.type);
    }
  }

  /** Calls `listener` for each event of `type` (every event for `'*'`). @returns a remover. */
  on<T extends EventType>(type: T | '*', listener: (event: EventOf<T>) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  /** Events from now on as an async iterator (buffered until consumed), optionally some types only. */
  events(options: { types?: readonly EventType[] } = {}): AsyncIterableIterator<ServerEvent> {
    const entry: QueueEntry = {
      queue: new AsyncQueue<ServerEvent>(() => this.queues.delete(entry)),
      types: options.types ? new Set(options.types) : undefined,
    };
    this.queues.add(entry);
    if (this.ended) entry.queue.end();
    return entry.queue;
  }

  /**
   * Resolves with the next event of `type` accepted by `predicate`.
   *
   * @throws ClawChatTimeoutError after `timeoutMs`; ClawChatConnectionError if the client closes.
   */
  waitFor<T extends EventType>(type: T, options: WaitForOptions<T> = {}): Promise<EventOf<T>> {
    const accept = (e: ServerEvent): e is EventOf<T> => e.type === type && (!options.predicate || options.predicate(e as EventOf<T>));
    if (options.includeRecent) {
      const hit = this.recentOldestFirst().find(accept);
      if (hit) return Promise.resolve(hit);
    }
    if (this.ended) return Promise.reject(new ClawChatConnectionError('connection closed'));
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        off();
        offClose();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new ClawChatTimeoutError(`no ${type} event within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on(type, (e) => {
        if (!accept(e)) return;
        cleanup();
        resolve(e);
      });
      const offClose = this.onClose((err) => {
        cleanup();
        reject(new ClawChatConnectionError(`connection closed while waiting for ${type}`, { cause: err }));
      });
    });
  }

  /** The recent-events buffer, oldest first. */
  private recentOldestFirst(): ServerEvent[] {
    return this.recent.length < this.recentLimit ? this.recent : [...this.recent.slice(this.recentNext), ...this.recent.slice(0, this.recentNext)];
  }

  /** Calls `listener` for each inbound frame that fails validation. @returns a remover. */
  onProtocolError(listener: (err: ClawChatProtocolError) => void): () => void {
    return addTo(this.protocolErrorListeners, listener);
  }

  /** Calls `listener` once when the client is closed for good (`err` if it failed). @returns a remover. */
  onClose(listener: (err?: Error) => void): () => void {
    return addTo(this.closeListeners, listener);
  }

  /** Calls `listener` each time the connection drops while auto-reconnect is on. @returns a remover. */
  onDisconnect(listener: (err?: Error) => void): () => void {
    return addTo(this.disconnectListeners, listener);
  }

  /** Calls `listener` after each successful reconnection (rooms re-joined, messages caught up). @returns a remover. */
  onReconnect(listener: (info: ReconnectInfo) => void): () => void {
    return addTo(this.reconnectListeners, listener);
  }

  /** Reports a frame that failed validation. */
  protocolError(err: ClawChatProtocolError): void {
    this.logger.warn({ line: err.line.slice(0, 500) }, `clawchat client: ${err.message}`);
    for (const l of [...this.protocolErrorListeners]) this.safely(() => l(err), 'protocol_error');
  }

  /** Reports a dropped connection (auto-reconnect running). */
  disconnected(err?: Error): void {
    for (const l of [...this.disconnectListeners]) this.safely(() => l(err), 'disconnect');
  }

  /** Reports a completed reconnection. */
  reconnected(info: ReconnectInfo): void {
    for (const l of [...this.reconnectListeners]) this.safely(() => l(info), 'reconnect');
  }

  /** Ends every iterator and fires the close listeners (once). */
  end(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    for (const entry of [...this.queues]) entry.queue.end();
    for (const l of [...this.closeListeners]) this.safely(() => l(err), 'close');
  }

  private safely(fn: () => void, what: string): void {
    try {
      fn();
    } catch (err) {
      this.logger.error({ err, type: what }, 'clawchat client: listener threw');
    }
  }
}

function addTo<T>(set: Set<T>, item: T): () => void {
  set.add(item);
  return () => set.delete(item);
}
