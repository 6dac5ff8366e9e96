import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import { decryptContent, encryptContent, isCiphertext } from '../../orchestrator/clawchat/crypto/index.js';
import { ClawChatError } from '../../orchestrator/clawchat/errors/index.js';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { RawAgent } from './helpers/raw-agent.js';

/** End-to-end encryption through the embedded server: clients see plaintext, the server only `clw1:` blobs. */
describe('ClawChatClient end-to-end encryption through the server', () => {
  let server: ClawChatServer;
  const key = 'e2e-key';
  const roomKey = 'shared room secret';

  beforeAll(async () => {
    server = await ClawChatServer.start({ auth: { key }, timers: { electionOptOutMs: 50 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('encrypts send_message, thinking and decision content; peers with the key read plaintext; the server stores only clw1:', async () => {
    const alice = await ClawChatClient.connect({ url: server.url, key, name: 'alice', roomKey });
    const bob = await ClawChatClient.connect({ url: server.url, key, name: 'bob', roomKey });
    const room = await alice.createRoom({ name: 'vault', encrypted: true });
    expect(room.encrypted).toBe(true);
    await alice.joinRoom(room.room_id);
    await bob.joinRoom(room.room_id);

    const received = bob.waitFor('message_received');
    const mention = bob.waitFor('mention');
    const sent = await alice.sendMessage({ room_id: room.room_id, content: 'the eagle lands at dawn', mentions: [bob.agentId], metadata: { kind: 'plan' } });
    expect(sent.content).toBe('the eagle lands at dawn');
    expect((await received).payload.content).toBe('the eagle lands at dawn');
    expect((await mention).payload.message.content).toBe('the eagle lands at dawn');

    const pulse = bob.waitFor('thinking');
    expect((await alice.thinking(room.room_id, 'weighing option B')).content).toBe('weighing option B');
    expect((await pulse).payload.content).toBe('weighing option B');

    const elected = alice.waitFor('leader_elected');
    await alice.electLeader(room.room_id);
    await bob.declineElection(room.room_id);
    expect((await elected).payload.leader_id).toBe(alice.agentId);
    const decided = bob.waitFor('decision_made');
    await alice.decision({ room_id: room.room_id, content: 'B it is', metadata: { option: 1 } });
    expect((await decided).payload.content).toBe('B it is');

    const history = await bob.getHistory({ room_id: room.room_id });
    expect(history.messages.map((m) => m.content)).toEqual(['the eagle lands at dawn', 'weighing option B', 'B it is']);

    // What the server holds and relays: raw frames, no client library in between.
    const raw = await RawAgent.register(server.url, key, 'auditor');
    const stored = (await raw.request('get_history', { room_id: room.room_id })).payload.messages as Array<{ content: string; metadata: unknown }>;
    expect(stored).toHaveLength(3);
    for (const m of stored) expect(isCiphertext(m.content)).toBe(true);
    expect(stored[0].metadata).toEqual({ kind: 'plan' }); // metadata stays in the clear, as upstream
    expect(stored.map((m) => decryptContent(roomKey, room.room_id, m.content))).toEqual(['the eagle lands at dawn', 'weighing option B', 'B it is']);
    await raw.close();
    for (const c of [alice, bob]) await c.close();
  });

  it('without a key: sees the blobs as they are and cannot post plaintext to an encrypted room', async () => {
    const alice = await ClawChatClient.connect({ url: server.url, key, name: 'alice2', roomKey });
    const eve = await ClawChatClient.connect({ url: server.url, key, name: 'eve' });
    const room = await alice.createRoom({ name: 'vault-2', encrypted: true });
    await alice.joinRoom(room.room_id);
    await eve.joinRoom(room.room_id);
    const seen = eve.waitFor('message_received');
    await alice.sendMessage({ room_id: room.room_id, content: 'for key holders' });
    const blob = (await seen).payload.content;
    expect(isCiphertext(blob)).toBe(true);
    expect(decryptContent(roomKey, room.room_id, blob)).toBe('for key holders');
    const err = await eve.sendMessage({ room_id: room.room_id, content: 'plain' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClawChatError);
    expect((err as ClawChatError).code).toBe('plaintext_in_encrypted_room');
    // A key set later applies at once; a wrong key leaves content untouched (nothing is lost).
    eve.setRoomKey(room.room_id, 'wrong key');
    expect((await eve.getHistory({ room_id: room.room_id })).messages[0].content).toBe(blob);
    eve.setRoomKey(room.room_id, roomKey);
    expect((await eve.getHistory({ room_id: room.room_id })).messages[0].content).toBe('for key holders');
    for (const c of [alice, eve]) await c.close();
  });

  it('interoperates with blobs made elsewhere and keys rooms separately', async () => {
    const a = await ClawChatClient.connect({ url: server.url, key, name: 'per-room', roomKeys: {} });
    const plain = await a.createRoom({ name: 'plain-room' });
    const secret = await a.createRoom({ name: 'secret-room', encrypted: true });
    for (const r of [plain, secret]) await a.joinRoom(r.room_id);
    a.setRoomKey(secret.room_id, 'k-secret');
    const m1 = await a.sendMessage({ room_id: plain.room_id, content: 'hello' });
    const m2 = await a.sendMessage({ room_id: secret.room_id, content: 'hidden' });
    const raw = await RawAgent.register(server.url, key, 'auditor-2');
    const rows = async (roomId: string) => (await raw.request('get_history', { room_id: roomId })).payload.messages as Array<{ content: string }>;
    expect((await rows(plain.room_id))[0].content).toBe('hello'); // no key for that room: plaintext
    expect(decryptContent('k-secret', secret.room_id, (await rows(secret.room_id))[0].content)).toBe('hidden');
    expect([m1.content, m2.content]).toEqual(['hello', 'hidden']);
    // A blob another client made (e.g. the upstream CLI) is passed through and decrypted on read.
    const foreign = encryptContent('k-secret', secret.room_id, 'from upstream');
    await a.sendMessage({ room_id: secret.room_id, content: foreign });
    const latest = (await rows(secret.room_id)).at(-1)!.content;
    expect(latest).toBe(foreign);
    expect((await a.getHistory({ room_id: secret.room_id })).messages.at(-1)!.content).toBe('from upstream');
    await raw.close();
    await a.close();
  });
});
