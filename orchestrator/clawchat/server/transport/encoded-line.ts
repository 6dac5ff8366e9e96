let lastLine: string | undefined;
let lastBytes: Buffer = Buffer.alloc(0);

/**
 * The bytes a stream transport writes for one frame line: UTF-8 of `line` plus `\n`. The last
 * line's bytes are kept, so a fan-out (the broker hands the same line to every member, one after
 * the other) is encoded once and the same read-only Buffer goes to every socket, instead of each
 * socket encoding its own copy of the string.
 */
export function encodedLine(line: string): Buffer {
  if (line !== lastLine) {
    lastBytes = Buffer.from(`${line}\n`, 'utf8');
    lastLine = line;
  }
  return lastBytes;
}
