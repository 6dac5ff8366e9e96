import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import { ClawChatTimeoutError } from '../../orchestrator/clawchat/errors/index.js';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';

describe('ClawChatClient recent events', () => {
  let server: ClawChatServer;
  const key = 'events-key';
  beforeAll(async () => {
    server = await ClawChatServer.start({ auth: { key } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps the last `recentEvents` events for includeRecent, oldest first', async () => {
    const a = await ClawChatClient.connect({ url: server.url, key, name: 'a' });
    const b = await ClawChatClient.connect({ url: server.url, key, name: 'b', recentEvents: 4 });
    const room = await a.createRoom({ name: 'recent' });
    await a.joinRoom(room.room_id);
    await b.joinRoom(room.room_id);
    const fifth = b.waitFor('message_received', { predicate: (e) => e.payload.content === 'm5' });
    for (let i = 1; i <= 5; i++) await a.sendMessage({ room_id: room.room_id, content: `m${i}` });
    await fifth;
    await b.ping(); // the events queued before the pong (m5's turn_changed) are in
    // b saw 10 events (message_received + turn_changed per message); the buffer holds the last 4.
    const oldestKept = await b.waitFor('message_received', { includeRecent: true });
    expect(oldestKept.payload.content).toBe('m4');
    await expect(b.waitFor('message_received', { includeRecent: true, predicate: (e) => e.payload.content === 'm3', timeoutMs: 50 })).rejects.toBeInstanceOf(
      ClawChatTimeoutError,
    );
    await a.close();
    await b.close();
  });
});
