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
