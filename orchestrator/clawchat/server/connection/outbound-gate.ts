/** A connection's side the gate writes to once a commit has landed. */
export interface GatedOutbound {
  /** Writes one frame line now (the connection ignores it once closed). */
  writeNow(line: string): void;
  /** Ends the connection after what was written (a refused registration). */
  endNow(): void;
  /** Drops the connection (the commit its frames depended on failed). */
  drop(reason: string): void;
}

/** Marks a held entry that ends its connection instead of writing a line. */
const END = Symbol('end');

/**
 * Holds the server's outbound frames while message rows are uncommitted (the store's group
 * commit, see store/message-rows.ts) and lets them out, in the order they were sent, when the
 * commit lands. So no reply or event about a message leaves before its row is committed, and the
 * per-connection order (a handler's events to the caller before its reply) is untouched: while
 * anything is held, every frame of every connection is held behind it.
 *
 * Costs nothing when nothing is uncommitted: {@link holding} is one counter read.
 */
export class OutboundGate {
  private readonly targets: GatedOutbound[] = [];
  private readonly lines: Array<string | typeof END> = [];
  private releasing = false;

  /** @param uncommitted the store's count of uncommitted message rows. */
  constructor(private readonly uncommitted: () => number) {}

  /** True while frames must be held: rows are uncommitted, or held frames are being let out. */
  get holding(): boolean {
    return this.releasing || this.uncommitted() > 0;
  }

  /** Holds one frame line of `to`. */
  hold(to: GatedOutbound, line: string): void {
    this.targets.push(to);
    this.lines.push(line);
  }

  /** Holds an end-of-connection for `to` (after its held lines). */
  holdEnd(to: GatedOutbound): void {
    this.targets.push(to);
    this.lines.push(END);
  }

  /**
   * The commit landed (`error` undefined): writes every held frame in order. Frames sent while
   * releasing (a write that drops a lagging connection makes the server tell the others) queue
   * behind the held ones; should a new row be queued meanwhile, the rest waits for its commit.
   * The commit failed: every connection that had frames held is dropped and its frames are
   * discarded — nothing uncommitted is ever acknowledged or fanned out; those agents see a
   * dropped connection, as after a server crash, and catch up from history when they reconnect.
   */
  settle(error?: Error): void {
    if (this.releasing) return;
    this.releasing = true;
    try {
      if (error && this.targets.length > 0) {
        const doomed = new Set(this.targets);
        this.targets.length = 0;
        this.lines.length = 0;
        for (const target of doomed) target.drop(`message store commit failed: ${error.message}`);
      }
      let i = 0;
      for (; i < this.targets.length && this.uncommitted() === 0; i++) {
        const line = this.lines[i];
        if (line === END) this.targets[i].endNow();
        else this.targets[i].writeNow(line);
      }
      this.targets.splice(0, i);
      this.lines.splice(0, i);
    } finally {
      this.releasing = false;
    }
  }
}
