import type { ClawChatClient } from '../clawchat/client/index.js';
import type { ChatMessage, ServerEvent } from '../clawchat/protocol/index.js';

/** A non-chat event of the room (vote, election, decision, task, membership), numbered in arrival order from 0. */
export interface RoomEvent {
  index: number;
  type: string;
  /** Arrival time, ISO 8601. */
  at: string;
  payload: Record<string, unknown>;
}

/** Event types the view keeps (everything an agent acts on besides chat messages). */
const KEPT = new Set(['vote_created', 'vote_result', 'election_started', 'leader_elected', 'leader_cleared', 'decision_made', 'task_assigned', 'task_updated', 'agent_joined', 'agent_left']);

/**
 * The MCP server's view of its iteration room. Chat messages are read from the server's history by
 * seq (`get_history since_seq`), the source of truth, so a waiter never misses one; the other room
 * events (votes, elections, decisions, tasks) are pushed, not stored by ClawChat, so the view
 * records every one from the moment it was created (right after joining, before the agent's
 * first tool call). {@link waitForChange} wakes on any change; a version counter closes the race
 * between reading history and starting to wait.
 */
export class RoomView {
  /** Room events in arrival order. */
  readonly events: RoomEvent[] = [];
  private version = 0;
  private readonly waiters = new Set<() => void>();
  private readonly off: () => void;

  constructor(
    private readonly client: ClawChatClient,
    readonly roomId: string,
  ) {
    this.off = client.on('*', (e: ServerEvent) => {
      const payload = e.payload as Record<string, unknown> & { room_id?: unknown };
      if (payload?.room_id !== roomId) return;
      if (e.type !== 'message_received') {
        if (!KEPT.has(e.type)) return;
        this.events.push({ index: this.events.length, type: e.type, at: new Date().toISOString(), payload });
      }
      this.bump();
    });
    client.onClose(() => this.bump());
  }

  /** Changes seen so far (messages and events); compare before and after a read. */
  get changes(): number {
    return this.version;
  }

  /** Messages with seq > `seq`, oldest first, at most `limit` (the server caps a page). */
  async messagesAfter(seq: number, limit = 100): Promise<ChatMessage[]> {
    const { messages } = await this.client.getHistory({ room_id: this.roomId, since_seq: seq, limit });
    return messages;
  }

  /** Every message of the room, oldest first. */
  async allMessages(): Promise<ChatMessage[]> {
    const all: ChatMessage[] = [];
    let since = 0;
    for (;;) {
      const page = await this.messagesAfter(since, 200);
      all.push(...page);
      if (page.length < 200) return all;
      since = (page.at(-1) as ChatMessage).seq;
    }
  }

  /** The last event of `type`, if any. */
  latest(type: string): RoomEvent | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i]!.type === type) return this.events[i];
    return undefined;
  }

  /**
   * Resolves `true` as soon as anything changes after `since` (a value of {@link changes}),
   * `false` after `timeoutMs` or when `signal` aborts.
   */
  waitForChange(since: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.version !== since) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const wake = (): void => done(true);
      const onAbort = (): void => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops listening. */
  close(): void {
    this.off();
    for (const w of [...this.waiters]) w();
  }

  private bump(): void {
    this.version++;
    for (const w of [...this.waiters]) w();
  }
}
