import { isUtf8 } from 'node:buffer';

/** Upstream's per-line cap: 1 MiB including the newline (`MAX_FRAME_BYTES` in `server.rs`). */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Why {@link LineSplitter.push} stopped: the line is over the cap or is not valid UTF-8. */
export type LineFault = 'too_large' | 'invalid_utf8';

/**
 * Splits a byte stream into NDJSON lines (`\n`-terminated, UTF-8), enforcing a maximum line
 * size in bytes (newline included) as upstream's `read_frame_line` does. Lines are handed to
 * `onLine` without the newline; a trailing `\r` is left for the frame parser to trim.
 *
 * After a fault the splitter is dead: upstream treats both faults as a read error and drops
 * the connection, so the caller should close it.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private pendingBytes = 0;
  private dead = false;

  /**
   * @param maxLineBytes largest accepted line in bytes, newline included.
   * @param onLine called synchronously with each complete line, in order.
   */
  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
  ) {}

  /**
   * Feeds a chunk. Complete lines are delivered before this returns.
   *
   * @returns undefined when all is well, or the fault that ended the stream.
   */
  push(chunk: Buffer): LineFault | undefined {
    if (this.dead) return undefined;
    const last = chunk.lastIndexOf(10);
    if (last !== -1 && this.pendingBytes + last + 1 <= this.maxLineBytes) {
      // Fast path (a busy connection's chunks hold many lines): no line ending in this chunk can
      // be over the cap, since the whole span up to its last newline is not; if the span is valid
      // UTF-8 (which holds exactly when every line in it is: a newline byte is never part of a
      // multi-byte sequence), decode it once and split the text.
      const head = chunk.subarray(0, last);
      const span = this.pendingBytes === 0 ? head : Buffer.concat([...this.parts, head]);
      if (isUtf8(span)) {
        this.parts = [];
        this.pendingBytes = 0;
        const text = span.toString('utf8');
        let from = 0;
        for (;;) {
          const nl = text.indexOf('\n', from);
          this.onLine(nl === -1 ? text.slice(from) : text.slice(from, nl));
          if (this.dead) return undefined;
          if (nl === -1) break;
          from = nl + 1;
        }
        return this.keep(chunk, last + 1);
      }
    }
    // Line by line: a line over the cap or invalid UTF-8 somewhere; the lines before it are
    // delivered, then the fault ends the stream.
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      const size = this.pendingBytes + (nl - start + 1);
      if (size > this.maxLineBytes) return this.fail('too_large');
      let bytes: Buffer;
      if (this.pendingBytes === 0) {
        bytes = chunk.subarray(start, nl);
      } else {
        this.parts.push(chunk.subarray(start, nl));
        bytes = Buffer.concat(this.parts);
        this.parts = [];
        this.pendingBytes = 0;
      }
      start = nl + 1;
      if (!isUtf8(bytes)) return this.fail('invalid_utf8');
      this.onLine(bytes.toString('utf8'));
      if (this.dead) return undefined;
    }
    return this.keep(chunk, start);
  }

  /** Holds the unterminated tail of `chunk` from `start` for the next push. */
  private keep(chunk: Buffer, start: number): LineFault | undefined {
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pendingBytes += rest.length;
      if (this.pendingBytes > this.maxLineBytes) return this.fail('too_large');
      // Copy: the caller may reuse its buffer.
      this.parts.push(Buffer.from(rest));
    }
    return undefined;
  }

  /**
   * Delivers a final unterminated line at end of stream, as upstream's `read_until` does.
   *
   * @returns a fault if the remainder is not valid UTF-8.
   */
  end(): LineFault | undefined {
    if (this.dead || this.pendingBytes === 0) return undefined;
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.pendingBytes = 0;
    if (!isUtf8(bytes)) return this.fail('invalid_utf8');
    this.onLine(bytes.toString('utf8'));
    return undefined;
  }

  /** Stops delivering lines (used when the connection is closing). */
  stop(): void {
    this.dead = true;
    this.parts = [];
    this.pendingBytes = 0;
  }

  private fail(fault: LineFault): LineFault {
    this.stop();
    return fault;
  }
}
