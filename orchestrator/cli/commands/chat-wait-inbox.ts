import type { ChatMessage } from '../../clawchat/protocol/index.js';

/**
 * The messages a `wait` has received, in arrival order, with a take that can time out without
 * losing anything (a message that arrives after a timed-out take stays for the next one).
 */
export class MessageInbox {
  private readonly items: ChatMessage[] = [];
  private waiter: { resolve: (m: ChatMessage | null) => void; reject: (err: Error) => void; timer: NodeJS.Timeout } | undefined;
  private failure: Error | undefined;

  /** Adds a message. */
  push(message: ChatMessage): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      clearTimeout(w.timer);
      w.resolve(message);
    } else {
      this.items.push(message);
    }
  }

  /** No more messages will come (the connection is gone): takes reject with `err`. */
  fail(err: Error): void {
    this.failure = err;
    const w = this.waiter;
    this.waiter = undefined;
    if (w) {
      clearTimeout(w.timer);
      w.reject(err);
    }
  }

  /**
   * The next message, or `null` once `deadline` (ms since the epoch; `Infinity` = none) passes.
   *
   * @throws the error given to {@link fail}.
   */
  take(deadline: number): Promise<ChatMessage | null> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift()!);
    if (this.failure) return Promise.reject(this.failure);
    const wait = deadline - Date.now();
    if (wait <= 0) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(null);
      }, Math.min(wait, 2 ** 31 - 1));
      this.waiter = { resolve, reject, timer };
    });
  }
}
