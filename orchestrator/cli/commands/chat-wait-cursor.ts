import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { note } from './chat-output.js';

/**
 * The `--cursor-file` of `wait`: the highest seq this agent has processed, as a decimal number.
 * It is the read floor of the next run (beating `--since-seq`), so the same command can be run
 * every turn and the floor only moves over messages actually received (upstream's fix for the
 * missing-message trap).
 */

/** The stored seq, or `undefined` when the file does not exist (or, with a note, does not hold a seq). */
export function readCursor(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8').trim();
  if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  note(`wait: cursor file ${file} does not hold a seq (${JSON.stringify(text.slice(0, 40))}); ignoring it`);
  return undefined;
}

/** Stores `seq` atomically (temp file + rename: a reader never sees half a number). Failures are noted, not thrown. */
export function writeCursor(file: string, seq: number): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, `${seq}\n`);
    renameSync(tmp, file);
  } catch (err) {
    note(`warning: failed to write cursor file ${file}: ${(err as Error).message}`);
  }
}
