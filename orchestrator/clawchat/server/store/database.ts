import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATE_MESSAGES_V1_TO_V2, SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;

/**
 * Opens (creating if needed) the server's SQLite database and applies the schema.
 * `:memory:` gives a database that lives as long as the connection. A file gets WAL mode, its
 * parent directory is created with mode 0700 when missing, and the database files get 0600.
 * The public `lobby` room is seeded. A file written by an older schema is migrated first (see
 * {@link migrate}); a file written by a newer schema than this build knows is refused.
 *
 * @throws Error when the file cannot be opened or is not a database, when its schema version is
 *   newer than {@link SCHEMA_VERSION}, or when a migration fails (it is rolled back, the file is
 *   left as it was).
 */
export function openDatabase(file: string): Database.Database {
  const inMemory = file === ':memory:';
  if (!inMemory) {
    const dir = path.dirname(path.resolve(file));
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  const db = new Database(file);
  if (!inMemory) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  try {
    migrate(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA_SQL);
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run('schema_version', String(SCHEMA_VERSION));
  db.prepare(
    `INSERT OR IGNORE INTO rooms (room_id, name, description, created_at, visibility)
     VALUES ('lobby', 'lobby', 'Default room for all agents', ?, 'public')`,
  ).run(new Date().toISOString());
  if (!inMemory) {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  }
  return db;
}

/**
 * Brings an existing database up to {@link SCHEMA_VERSION} in one transaction (with
 * `foreign_keys` OFF, as SQLite's table-rebuild procedure requires). A fresh database (no
 * `messages` table) needs nothing. Version 1 → 2 rebuilds `messages` keeping every row and rowid.
 *
 * @throws Error when the version is newer than this build knows, or when the rebuilt table fails
 *   `PRAGMA foreign_key_check`; the transaction is rolled back then.
 */
function migrate(db: Database.Database, file: string): void {
  const hasMessages = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages'").get() !== undefined;
  if (!hasMessages) return;
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
  const stored = hasMeta ? (db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as string | undefined) : undefined;
  const version = stored === undefined ? 1 : Number(stored);
  if (!Number.isInteger(version) || version < 1) throw new Error(`ClawChat store ${file}: unreadable schema_version ${JSON.stringify(stored)}`);
  if (version > SCHEMA_VERSION) {
    throw new Error(`ClawChat store ${file} has schema version ${version}; this itercrew knows up to ${SCHEMA_VERSION} (upgrade itercrew)`);
  }
  if (version === SCHEMA_VERSION) return;
  // better-sqlite3 turns foreign keys ON by default; with them on, DROP TABLE would run the
  // self-reference's ON DELETE SET NULL over the copied replies. The caller turns them on after.
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    if (version < 2) db.exec(MIGRATE_MESSAGES_V1_TO_V2);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`ClawChat store ${file}: migration to schema ${SCHEMA_VERSION} left ${broken.length} broken foreign key(s)`);
    if (hasMeta) db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION));
  })();
}
