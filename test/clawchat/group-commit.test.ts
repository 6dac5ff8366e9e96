import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import { ClawChatConnectionError } from '../../orchestrator/clawchat/errors/clawchat-error.js';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { Store } from '../../orchestrator/clawchat/server/store/store.js';
import { distPath } from '../../orchestrator/paths.js';

/**
 * The server's store commits message rows in groups (one transaction per event-loop turn) and
 * holds every outbound frame until the rows it follows are committed; a database file's WAL is
 * checkpointed by a worker thread. These tests check the guarantees, not the speed (bench/chat).
 */
describe('ClawChat group commit', () => {
  const dirs: string[] = [];
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawchat-group-commit-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('never acknowledges or fans out a message that a SIGKILL can lose', async () => {
    const db = path.join(tempDir(), 'chat.db');
    const proc: ResultPromise = execa(
      'node',
      [distPath('orchestrator/cli/main.js'), 'chat', 'serve', '--tcp', '127.0.0.1:0', '--no-socket', '--no-auth', '--db', db],
      { reject: false, env: { ITERCREW_LOG_LEVEL: 'warn' } },
    );
    cleanups.push(() => proc.kill('SIGKILL'));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /(tcp:\/\/[\d.]+:\d+)/.exec(out);
        if (m) resolve(m[1]);
      });
      void proc.then((r) => reject(new Error(`server exited: ${r.stderr}`)));
    });
    const senders = await Promise.all([0, 1, 2].map((i) => ClawChatClient.connect({ url, key: 'k', name: `sender-${i}` })));
    const receiver = await ClawChatClient.connect({ url, key: 'k', name: 'receiver' });
    const room = (await senders[0].createRoom({ name: 'durable' })).room_id;
    for (const c of [...senders, receiver]) await c.joinRoom(room);
    const acknowledged = new Map<string, number>();
    const received = new Map<string, number>();
    receiver.on('message_received', (e) => received.set(e.payload.message_id, e.payload.seq));

    // Three senders stream messages (16 in flight each); the server is killed mid-stream.
    let killed = false;
    const stream = async (c: ClawChatClient, i: number): Promise<void> => {
      const inFlight = new Set<Promise<void>>();
      for (let k = 0; !killed; k++) {
        const p: Promise<void> = c
          .sendMessage({ room_id: room, content: `${i}:${k}` })
          .then((m) => void acknowledged.set(m.message_id, m.seq))
          .catch(() => undefined)
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= 16) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    };
    const streams = senders.map((c, i) => stream(c, i));
    while (acknowledged.size < 1500) await new Promise((r) => setTimeout(r, 5));
    proc.kill('SIGKILL');
    killed = true;
    await proc;
    await Promise.all(streams);

    const rows = new Database(db, { readonly: true });
    const stored = new Map((rows.prepare('SELECT message_id, seq FROM messages WHERE room_id = ?').all(room) as Array<{ message_id: string; seq: number }>).map((r) => [r.message_id, r.seq]));
    const highWater = rows.prepare('SELECT high_water FROM room_sequences WHERE room_id = ?').pluck().get(room) as number;
    rows.close();
    expect(acknowledged.size).toBeGreaterThanOrEqual(1500);
    for (const [id, seq] of acknowledged) expect(stored.get(id), `acknowledged ${id}`).toBe(seq);
    for (const [id, seq] of received) expect(stored.get(id), `delivered ${id}`).toBe(seq);
    expect(highWater).toBe(Math.max(...stored.values()));
    for (const c of [...senders, receiver]) await c.close();
  });

  it('drops the connections waiting on a failed commit; the lost message reaches nobody and consumes no seq', async () => {
    const db = path.join(tempDir(), 'chat.db');
    await new Store(db, { checkpointIntervalMs: 0 }).close();
    const raw = new Database(db);
    raw.exec(`CREATE TRIGGER refuse_boom BEFORE INSERT ON messages WHEN NEW.content = 'boom' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    raw.close();
    const server = await ClawChatServer.start({ db, auth: { noAuth: true } });
    cleanups.push(() => server.close());
    const a = await ClawChatClient.connect({ url: server.url, key: 'k', name: 'a' });
    const b = await ClawChatClient.connect({ url: server.url, key: 'k', name: 'b', autoReconnect: { initialDelayMs: 10 } });
    cleanups.push(() => a.close(), () => b.close());
    const room = (await a.createRoom({ name: 'failing' })).room_id;
    await a.joinRoom(room);
    await b.joinRoom(room);
    const seen: string[] = [];
    b.on('message_received', (e) => seen.push(`${e.payload.seq}:${e.payload.content}`));

    expect((await a.sendMessage({ room_id: room, content: 'one' })).seq).toBe(1);
    const dropped = b.waitFor('message_received', { predicate: (e) => e.payload.content === 'one', includeRecent: true });
    await dropped;
    const reconnected = new Promise((resolve) => b.onReconnect(resolve));
    await expect(a.sendMessage({ room_id: room, content: 'boom' })).rejects.toBeInstanceOf(ClawChatConnectionError);
    await reconnected; // b had frames held behind the failed commit: dropped, then back with catch-up

    const c = await ClawChatClient.connect({ url: server.url, key: 'k', name: 'c' });
    cleanups.push(() => c.close());
    await c.joinRoom(room);
    expect((await c.sendMessage({ room_id: room, content: 'two' })).seq).toBe(2);
    await b.waitFor('message_received', { predicate: (e) => e.payload.content === 'two', includeRecent: true });
    expect(seen).toEqual(['1:one', '2:two']);
    expect((await c.getHistory({ room_id: room })).messages.map((m) => `${m.seq}:${m.content}`)).toEqual(['1:one', '2:two']);
  });

  it('checkpoints a database file in a worker thread and leaves no WAL behind on close', async () => {
    const db = path.join(tempDir(), 'chat.db');
    const store = new Store(db, { checkpointIntervalMs: 20 });
    const autoCheckpoint = (): number => store.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    for (let i = 0; i < 200 && autoCheckpoint() !== 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(autoCheckpoint()).toBe(0); // the worker is up: the server's connection no longer checkpoints
    const before = statSync(db).size;
    for (let i = 0; i < 3000; i++) {
      store.messages.insert({ messageId: `m${i}`, roomId: 'lobby', agentId: 'a', agentName: 'a', content: 'x'.repeat(200), replyTo: null, metadata: null, timestamp: new Date().toISOString() });
    }
    store.messages.flush();
    for (let i = 0; i < 300 && statSync(db).size <= before + 3000 * 200; i++) await new Promise((r) => setTimeout(r, 10));
    expect(statSync(db).size).toBeGreaterThan(before + 3000 * 200); // copied from the WAL by the worker
    expect(store.messages.history('lobby', { limit: 1 }).map((m) => m.seq)).toEqual([3000]);
    await store.close();
    expect(existsSync(`${db}-wal`)).toBe(false);
    const reopened = new Database(db, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(3000);
    reopened.close();
  });

  it('commits the rows of one turn together and lets nothing out before', () => {
    const store = new Store(':memory:');
    const flushed: Array<Error | undefined> = [];
    store.messages.onFlushed((e) => flushed.push(e));
    const row = (i: number) => ({ messageId: `q${i}`, roomId: 'lobby', agentId: 'a', agentName: 'a', content: `c${i}`, replyTo: null, metadata: { i }, timestamp: new Date().toISOString() });
    expect([1, 2, 3].map((i) => store.messages.insert(row(i)))).toEqual([1, 2, 3]);
    expect(store.messages.uncommitted).toBe(3);
    expect(store.db.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0); // queued, not written
    expect(store.messages.get('q2')?.metadata).toEqual({ i: 2 }); // a read commits first
    expect(store.messages.uncommitted).toBe(0);
    expect(flushed).toEqual([undefined]);
    expect(store.db.prepare('SELECT high_water FROM room_sequences WHERE room_id = ?').pluck().get('lobby')).toBe(3);
    // A reply to an unknown message fails at once, as before, and consumes no seq.
    expect(() => store.messages.insert({ ...row(4), replyTo: 'nope' })).toThrow(/FOREIGN KEY/);
    expect(store.messages.insert(row(5))).toBe(4);
    void store.close();
  });
});
