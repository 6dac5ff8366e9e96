import type { ClawChatClient } from '../clawchat/client/index.js';
import type { ChatMessage, ServerEvent } from '../clawchat/protocol/index.js';
import { IterationAborted } from './iteration-errors.js';

/**
 * The conductor's ear on one iteration room: keeps every pushed event of that room, lets phases
 * wait until a condition over what has been seen holds (re-checked on every event and on
 * {@link poke}), and calls a handler for each chat message as it arrives (proposals are
 * validated on arrival).
 */
export class RoomMonitor {
  /** Events of this room, in arrival order. */
  readonly events: ServerEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly offs: Array<() => void> = [];
  private messageHandler: ((m: ChatMessage) => void) | null = null;

  constructor(
    private readonly client: ClawChatClient,
    readonly roomId: string,
  ) {
    this.offs.push(
      client.on('*', (e: ServerEvent) => {
        const payload = e.payload as { room_id?: unknown };
        if (payload?.room_id !== roomId) return;
        this.events.push(e);
        if (e.type === 'message_received') this.messageHandler?.(e.payload as ChatMessage);
        this.poke();
      }),
    );
  }

  /** Handles each chat message of the room as it arrives (one handler). */
  onMessage(handler: (m: ChatMessage) => void): void {
    this.messageHandler = handler;
  }

  /** Re-checks every pending {@link until} (call when state outside the room changed, e.g. an agent exited). */
  poke(): void {
    for (const w of [...this.waiters]) w();
  }

  /**
   * Resolves `true` as soon as `condition()` holds, `false` at `deadline` (epoch ms).
   * @throws IterationAborted when `signal` aborts first.
   */
  until(condition: () => boolean, deadline: number, signal?: AbortSignal): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve, reject) => {
      const finish = (value: boolean | Error): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener('abort', onAbort);
        if (value instanceof Error) reject(value);
        else resolve(value);
      };
      const check = (): void => {
        if (condition()) finish(true);
      };
      const onAbort = (): void => finish(new IterationAborted(String(signal?.reason ?? 'signal')));
      const timer = setTimeout(() => finish(condition()), Math.max(0, deadline - Date.now()));
      this.waiters.add(check);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The first event of `type` in this room matching `predicate`, if seen. */
  find<E extends ServerEvent['type']>(type: E, predicate: (e: Extract<ServerEvent, { type: E }>) => boolean = () => true): Extract<ServerEvent, { type: E }> | undefined {
    return this.events.find((e): e is Extract<ServerEvent, { type: E }> => e.type === type && predicate(e as Extract<ServerEvent, { type: E }>));
  }

  /** Stops listening. */
  close(): void {
    for (const off of this.offs) off();
    this.waiters.clear();
  }
}
