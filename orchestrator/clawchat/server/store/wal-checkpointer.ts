import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from '../../../logging/logger.js';

/** Options of {@link WalCheckpointer}. */
export interface WalCheckpointerOptions {
  /** How often the worker checkpoints the WAL into the database file, ms. Default 500. */
  intervalMs?: number;
  /** Where a failed worker is reported. Default: nowhere. */
  logger?: Logger;
}

/** SQLite's default `wal_autocheckpoint` (pages), restored when the worker is gone. */
const AUTO_CHECKPOINT_PAGES = 1000;

/**
 * The worker's program (CommonJS, run with `eval`, so it needs no compiled file beside this
 * one): its own connection to the database file, a PASSIVE checkpoint every `intervalMs`
 * (copies committed WAL frames into the database file and fsyncs; never waits for, nor blocks,
 * the server's writes), a final one and `closed` when told to `close`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 1000 });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try { checkpoint.run(); } catch (err) { parentPort.postMessage({ type: 'warning', message: String(err && err.message || err) }); }
}, workerData.intervalMs);
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  try { checkpoint.run(); } catch {}
  db.close();
  parentPort.postMessage({ type: 'closed' });
  parentPort.close();
});
`;

/**
 * Moves the WAL checkpoints of the server's SQLite file off the event loop. With SQLite's
 * automatic checkpoint, every ~1000 WAL pages one commit also copies the WAL into the database
 * file and fsyncs twice — 10–15 ms during which the server answers nobody (the p99 of message
 * delivery). Here a worker thread with its own connection checkpoints every `intervalMs`, and
 * the server's connection runs with `wal_autocheckpoint = 0` once the worker is ready.
 * Durability is unchanged: a commit is in the WAL (synchronous = NORMAL) either way, and the
 * checkpoint fsyncs as before, only in another thread. If the worker fails, automatic
 * checkpoints are switched back on.
 */
export class WalCheckpointer {
  private closing: Promise<void> | undefined;
  private alive = true;

  private constructor(
    private readonly db: Database.Database,
    private readonly worker: Worker,
    private readonly logger: Logger | undefined,
  ) {
    worker.on('message', (m: { type: string; message?: string }) => {
      if (m.type === 'ready' && this.alive) db.pragma('wal_autocheckpoint = 0');
      else if (m.type === 'warning') logger?.warn({ reason: m.message }, 'clawchat: background WAL checkpoint failed');
    });
    worker.on('error', (err) => {
      logger?.warn({ err }, 'clawchat: WAL checkpoint worker failed; automatic checkpoints are back on');
      this.stopped();
    });
    worker.on('exit', () => this.stopped());
    worker.unref();
  }

  /**
   * Starts the worker for the database file `file`, opened in WAL mode as `db`.
   *
   * @returns the checkpointer, or undefined when no worker could be started (automatic
   *   checkpoints then stay on).
   */
  static start(db: Database.Database, file: string, options: WalCheckpointerOptions = {}): WalCheckpointer | undefined {
    try {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs: options.intervalMs ?? 500 },
      });
      return new WalCheckpointer(db, worker, options.logger);
    } catch (err) {
      options.logger?.warn({ err }, 'clawchat: cannot start the WAL checkpoint worker; automatic checkpoints stay on');
      return undefined;
    }
  }

  /** Stops the worker after a last checkpoint and its connection's close; automatic checkpoints are back on. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (!this.alive) return resolve();
      const stuck = setTimeout(() => void this.worker.terminate(), 5_000);
      this.worker.once('exit', () => {
        clearTimeout(stuck);
        resolve();
      });
      this.worker.postMessage('close');
    });
    return this.closing;
  }

  private stopped(): void {
    if (!this.alive) return;
    this.alive = false;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  }
}
