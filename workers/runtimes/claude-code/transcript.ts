import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';

/**
 * An agent's transcript: every stdout line of the CLI, verbatim, in `<logDir>/<name>.<suffix>`
 * (`.claude.jsonl` for Claude Code) — the whole conversation, tool calls and results included.
 */
export class Transcript {
  private readonly stream: WriteStream;
  /** Absolute path of the transcript file. */
  readonly file: string;

  constructor(logDir: string, name: string, suffix = 'claude.jsonl') {
    this.file = path.join(logDir, `${name}.${suffix}`);
    this.stream = createWriteStream(this.file, { flags: 'a' });
    this.stream.on('error', () => undefined); // a full disk must not kill the supervisor
  }

  /** Appends one line. */
  write(line: string): void {
    this.stream.write(line.endsWith('\n') ? line : `${line}\n`);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}
