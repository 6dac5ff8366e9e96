import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newMessageId } from '../../orchestrator/clawchat/server/message-id.js';
import { SCHEMA_VERSION } from '../../orchestrator/clawchat/server/store/schema.js';
import { Store } from '../../orchestrator/clawchat/server/store/store.js';

/** The schema of version 1 exactly as the previous release created it. */
const V1_SQL = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'schema-v1.sql'), 'utf8');

/**
 * Store schema migration: a database file written by schema version 1 (UUID primary key on
 * messages, two room indexes) opens under version 2 with every row, rowid order, seq high-water
 * and history answer (since_seq > since > before > newest) unchanged.
 */
describe('ClawChat store migration v1 → v2', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'clawchat-migrate-'));
    file = path.join(dir, 'chat.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a v1 file: rooms a and b, 30 interleaved messages (ids deliberately NOT in time order), one reply. */
  const writeV1 = (): { ids: string[]; times: string[] } => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec(V1_SQL);
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', '1')").run();
    for (const r of ['a', 'b']) db.prepare("INSERT INTO rooms (room_id, name, created_at, visibility) VALUES (?, ?, '2026-01-01T00:00:00.000Z', 'public')").run(r, r);
    const ins = db.prepare(
      'INSERT INTO messages (message_id, room_id, agent_id, agent_name, content, reply_to_message, metadata, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const ids: string[] = [];
    const times: string[] = [];
    const seq = { a: 0, b: 0 };
    for (let i = 0; i < 30; i++) {
      const room = i % 3 === 0 ? 'b' : 'a';
      const id = `${(99 - i).toString().padStart(8, '0')}-0000-4000-8000-000000000000`;
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      ins.run(id, room, 'ag', 'Ag', `m${i}`, i === 7 ? ids[4] : null, JSON.stringify({ i }), at, ++seq[room]);
      ids.push(id);
      times.push(at);
    }
    db.prepare('INSERT INTO room_sequences (room_id, high_water) VALUES (?, ?), (?, ?)').run('a', seq.a + 5, 'b', seq.b);
    db.close();
    return { ids, times };
  };

  it('keeps rows, order, high-water marks and every history mode; records version 2', async () => {
    const { ids, times } = writeV1();
    const v1 = new Database(file, { readonly: true });
    const before = v1.prepare('SELECT rowid, * FROM messages ORDER BY rowid').all();
    v1.close();

    const store = new Store(file);
    try {
      expect(store.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(String(SCHEMA_VERSION));
      expect(store.db.prepare('SELECT id AS rowid, message_id, room_id, agent_id, agent_name, content, reply_to_message, metadata, created_at, seq FROM messages ORDER BY id').all()).toEqual(before);
      const indexes = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' AND sql IS NOT NULL ORDER BY name").pluck().all();
      expect(indexes).toEqual(['idx_messages_reply', 'idx_messages_room_seq_time']);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');

      const contents = (q: Parameters<Store['messages']['history']>[1]): string[] => store.messages.history('a', q).map((m) => m.content);
      const inA = [...Array(30).keys()].filter((i) => i % 3 !== 0).map((i) => `m${i}`);
      expect(contents({ limit: 5 })).toEqual(inA.slice(-5));
      expect(contents({ limit: 3, sinceSeq: 4 })).toEqual(inA.slice(4, 7));
      // since: rows inserted after that id — also when the id is in another room (b's message 9).
      expect(contents({ limit: 4, since: ids[9] })).toEqual(['m10', 'm11', 'm13', 'm14']);
      expect(contents({ limit: 3, before: times[10] })).toEqual(['m5', 'm7', 'm8']);
      expect(contents({ limit: 3, sinceSeq: 2, since: ids[20], before: times[1] })).toEqual(inA.slice(2, 5));
      expect(store.messages.get(ids[7])?.replyTo).toBe(ids[4]);

      // The next message continues from the durable high-water (a: 20 + 5), not from max(seq).
      expect(store.messages.insert({ messageId: newMessageId(), roomId: 'a', agentId: 'ag', agentName: 'Ag', content: 'new', replyTo: null, metadata: null, timestamp: new Date().toISOString() })).toBe(26);
      expect(contents({ limit: 1 })).toEqual(['new']);
      // A reply to a migrated message still passes the self foreign key; a reply to nothing fails.
      expect(() => store.messages.insert({ messageId: newMessageId(), roomId: 'a', agentId: 'ag', agentName: 'Ag', content: 'r', replyTo: ids[1], metadata: null, timestamp: new Date().toISOString() })).not.toThrow();
      expect(() => store.messages.insert({ messageId: newMessageId(), roomId: 'a', agentId: 'ag', agentName: 'Ag', content: 'r', replyTo: 'nope', metadata: null, timestamp: new Date().toISOString() })).toThrow(/FOREIGN KEY/);
    } finally {
      await store.close();
    }

    // Opening again is a no-op (already version 2), rows intact.
    const again = new Store(file);
    try {
      expect(again.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(32);
      expect(again.messages.tip('a')).toBe(27);
    } finally {
      await again.close();
    }
  });

  it('refuses a file written by a newer schema and leaves it untouched', () => {
    writeV1();
    const db = new Database(file);
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    expect(() => new Store(file)).toThrow(/schema version 99; this itercrew knows up to 2/);
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(30);
    expect(check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'idx_messages_room_time'").pluck().get()).toBe(1);
    check.close();
  });
});

describe('newMessageId', () => {
  it('is a version-7 UUID carrying the time, unique, and sorts by time across milliseconds', () => {
    const id = newMessageId(0x0123456789ab);
    expect(id).toMatch(/^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = Array.from({ length: 1000 }, (_, i) => newMessageId(1_700_000_000_000 + i));
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
    expect(() => newMessageId(-1)).toThrow(RangeError);
    expect(() => newMessageId(2 ** 48)).toThrow(RangeError);
  });
});
