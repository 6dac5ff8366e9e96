import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Appends lines to a file opened with O_APPEND, one `write` per line followed by fsync, so each
 * event is on disk before append returns and concurrent appenders never interleave within a
 * line. If the file ends in a partial line (a crash mid-write), a newline is written first so
 * the next event starts on its own line (the partial one is then skipped by the reader).
 * Appends are serialised in call order.
 */
export class EventFileWriter {
  private handle: FileHandle | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Appends `line` + newline and fsyncs. `line` must not contain a newline. */
  append(line: string): Promise<void> {
    if (line.includes('\n')) return Promise.reject(new Error('a run-log line must not contain a newline'));
    const run = this.queue.then(() => this.write(`${line}\n`));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(text: string): Promise<void> {
    const handle = await this.open();
    const buf = Buffer.from(text);
    let offset = 0;
    while (offset < buf.length) {
      const { bytesWritten } = await handle.write(buf, offset, buf.length - offset, null);
      offset += bytesWritten;
    }
    await handle.sync();
  }

  private async open(): Promise<FileHandle> {
    if (this.handle !== undefined) return this.handle;
    await mkdir(path.dirname(this.file), { recursive: true });
    const handle = await open(this.file, 'a');
    try {
      const { size } = await handle.stat();
      if (size === 0) {
        const dir = await open(path.dirname(this.file), 'r');
        await dir.sync().catch(() => undefined);
        await dir.close();
      } else {
        const reader = await open(this.file, 'r');
        const last = Buffer.alloc(1);
        await reader.read(last, 0, 1, size - 1);
        await reader.close();
        if (last[0] !== 0x0a) await handle.write('\n', null);
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.handle = handle;
    return handle;
  }

  /** Closes the file (pending appends finish first). Appending again reopens it. */
  async close(): Promise<void> {
    await this.queue;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}
