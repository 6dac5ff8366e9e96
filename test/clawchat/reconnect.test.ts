import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClawChatClient, type ReconnectInfo } from '../../orchestrator/clawchat/client/index.js';
import { ClawChatConnectionError } from '../../orchestrator/clawchat/errors/index.js';
import type { ChatMessage } from '../../orchestrator/clawchat/protocol/index.js';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { TcpProxy } from './helpers/tcp-proxy.js';

/** Fast backoff so the tests spend their time on messages, not on sleeping. */
const FAST = { initialDelayMs: 5, maxDelayMs: 50, jitter: 0.5, keepAliveMs: 0, maxAttempts: Infinity };

/** Collects a client's message_received payloads of one room. */
function collect(client: ClawChatClient, roomId: string): { messages: ChatMessage[]; reached(n: number): Promise<void> } {
  const messages: ChatMessage[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  client.on('message_received', (e) => {
    if (e.payload.room_id !== roomId) return;
    messages.push(e.payload);
    for (const w of waiters.filter((x) => messages.length >= x.n)) w.resolve();
  });
  return {
    messages,
    reached: (n) => (messages.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
  };
}

describe('ClawChatClient auto-reconnect through a proxy that drops connections', () => {
  let server: ClawChatServer;
  let proxy: TcpProxy;
  const key = 'reconnect-key';

  beforeAll(async () => {
    server = await ClawChatServer.start({ auth: { key }, timers: { electionOptOutMs: 50 }, limits: { free: { maxMessagesPerWindow: 1_000_000, maxRooms: 1_000 } } });
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
  });

  async function pair(roomName: string, receiverOptions: Partial<Parameters<typeof ClawChatClient.connect>[0]> = {}) {
    const sender = await ClawChatClient.connect({ url: server.url, key, name: `${roomName}-sender` });
    const room = await sender.createRoom({ name: roomName });
    await sender.joinRoom(room.room_id);
    const receiver = await ClawChatClient.connect({ url: proxy.url, key, name: `${roomName}-receiver`, autoReconnect: FAST, ...receiverOptions });
    await receiver.joinRoom(room.room_id);
    return { sender, receiver, roomId: room.room_id };
  }

  it('misses no message across repeated drops: every message exactly once, in seq order', async () => {
    const { sender, receiver, roomId } = await pair('rc-steady');
    const got = collect(receiver, roomId);
    const reconnects: ReconnectInfo[] = [];
    receiver.onReconnect((info) => reconnects.push(info));
    const identity = receiver.agentId;
    const total = 3_000;
    let dropped = 0;
    for (let i = 1; i <= total; i++) {
      await sender.sendMessage({ room_id: roomId, content: `m${i}` });
      if (i % 300 === 0) dropped += proxy.dropAll();
      if (i === 1_500) {
        // An outage that outlasts several attempts: connections are refused for a while.
        proxy.refuse(true);
        proxy.dropAll();
        dropped += 1;
        setTimeout(() => proxy.refuse(false), 150);
      }
    }
    await got.reached(total);
    await new Promise((r) => setTimeout(r, 50)); // anything extra (a duplicate) would arrive now
    expect(got.messages.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(got.messages.map((m) => m.content)).toEqual(Array.from({ length: total }, (_, i) => `m${i + 1}`));
    expect(dropped).toBeGreaterThanOrEqual(5); // live connections cut (a drop may find the link mid-setup)
    // A drop that hits a link still being set up makes that reconnection take one more attempt.
    expect(reconnects.length).toBeGreaterThanOrEqual(5);
    expect(reconnects.some((r) => r.attempts > 1)).toBe(true);
    const caught = reconnects.reduce((n, r) => n + (r.caughtUp[roomId] ?? 0), 0);
    expect(caught).toBeGreaterThan(0); // some messages did arrive through history
    expect(receiver.state).toBe('connected');
    expect(receiver.agentId).toBe(identity);
    await sender.close();
    await receiver.close();
  });

  it('misses no message under a storm of drops at random moments, including mid-catch-up', async () => {
    const { sender, receiver, roomId } = await pair('rc-storm');
    const got = collect(receiver, roomId);
    let drops = 0;
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const timers: Array<Promise<void>> = [];
    const total = 2_000;
    const inFlight: Array<Promise<unknown>> = [];
    for (let i = 1; i <= total; i++) {
      inFlight.push(sender.sendMessage({ room_id: roomId, content: `s${i}` }));
      if (inFlight.length < 20) continue;
      // After about a third of the batches, cut the link a few ms later: while messages are in
      // flight, while the receiver registers, re-joins or pages through history.
      if (rand() < 0.35) timers.push(new Promise((r) => setTimeout(() => r(void (drops += proxy.dropAll())), rand() * 6)));
      await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight);
    await Promise.all(timers);
    await got.reached(total);
    await new Promise((r) => setTimeout(r, 50));
    expect(drops).toBeGreaterThanOrEqual(4); // live links actually cut (about 8 typically)
    expect(got.messages.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    await sender.close();
    await receiver.close();
  });

  it('catches up thinking pulses and decisions as their events, never its own messages or ones from before its join', async () => {
    const sender = await ClawChatClient.connect({ url: server.url, key, name: 'rc-leader' });
    const room = await sender.createRoom({ name: 'rc-kinds' });
    await sender.joinRoom(room.room_id);
    await sender.sendMessage({ room_id: room.room_id, content: 'before the join' });
    const receiver = await ClawChatClient.connect({ url: proxy.url, key, name: 'rc-kinds-receiver', autoReconnect: FAST });
    await receiver.joinRoom(room.room_id);
    await receiver.sendMessage({ room_id: room.room_id, content: 'mine' });
    const seen: string[] = [];
    receiver.on('*', (e) => {
      if (e.type === 'message_received' || e.type === 'thinking') seen.push(`${e.type}:${e.payload.content}`);
      if (e.type === 'decision_made') seen.push(`${e.type}:${e.payload.content}:${e.payload.leader_id === sender.agentId}`);
    });
    const elected = sender.waitFor('leader_elected');
    const left = sender.waitFor('agent_left');
    proxy.refuse(true);
    proxy.dropAll();
    await left; // the server has seen the receiver go
    await sender.electLeader(room.room_id);
    await elected;
    await sender.thinking(room.room_id, 'pondering');
    await sender.sendMessage({ room_id: room.room_id, content: 'while you were away' });
    await sender.decision({ room_id: room.room_id, content: 'we go with B', metadata: { option: 1 } });
    const back = new Promise<ReconnectInfo>((resolve) => receiver.onReconnect(resolve));
    proxy.refuse(false);
    const info = await back;
    expect(info.reclaimed).toBe(true);
    expect(info.caughtUp[room.room_id]).toBe(3);
    expect(seen).toEqual(['thinking:pondering', 'message_received:while you were away', 'decision_made:we go with B:true']);
    await sender.close();
    await receiver.close();
  });

  it('a drop while join_room is in flight keeps the room: re-joined and caught up after the reconnect', async () => {
    const sender = await ClawChatClient.connect({ url: server.url, key, name: 'rc-join-sender' });
    const room = await sender.createRoom({ name: 'rc-join' });
    await sender.joinRoom(room.room_id);
    const receiver = await ClawChatClient.connect({ url: proxy.url, key, name: 'rc-join-receiver', autoReconnect: FAST });
    const got = collect(receiver, room.room_id);
    proxy.refuse(true);
    proxy.dropAfterClientSends('"join_room"');
    const joined = sender.waitFor('agent_joined');
    const err = await receiver.joinRoom(room.room_id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClawChatConnectionError); // the server got the join; the reply was lost
    await joined;
    await sender.sendMessage({ room_id: room.room_id, content: 'after your join' });
    const back = new Promise<ReconnectInfo>((resolve) => receiver.onReconnect(resolve));
    proxy.refuse(false);
    const info = await back;
    expect(info.rooms).toEqual([room.room_id]);
    expect(info.caughtUp[room.room_id]).toBe(1);
    await got.reached(1);
    expect(got.messages.map((m) => m.content)).toEqual(['after your join']);
    await sender.close();
    await receiver.close();
  });

  it('rejects requests in flight at the drop, queues new ones until it is back', async () => {
    const { sender, receiver, roomId } = await pair('rc-requests');
    proxy.refuse(true);
    proxy.dropAll();
    await new Promise<void>((resolve) => (receiver.state === 'reconnecting' ? resolve() : receiver.onDisconnect(() => resolve())));
    expect(receiver.state).toBe('reconnecting');
    const queued = receiver.sendMessage({ room_id: roomId, content: 'sent after the outage' });
    setTimeout(() => proxy.refuse(false), 100);
    const msg = await queued;
    expect(msg.content).toBe('sent after the outage');
    const history = await sender.getHistory({ room_id: roomId });
    expect(history.messages.map((m) => m.content)).toEqual(['sent after the outage']);
    // A request written just before the link dies cannot know its fate: it is rejected.
    const inFlight = receiver.ping();
    proxy.dropAll();
    const err = await inFlight.then(() => null, (e: unknown) => e);
    if (err) expect(err).toBeInstanceOf(ClawChatConnectionError); // (the pong may have beaten the drop)
    await receiver.ping();
    await sender.close();
    await receiver.close();
  });

  it('detects a black-holed connection with keep-alive pings and reconnects (takeover of the live id)', async () => {
    const { sender, receiver, roomId } = await pair('rc-blackhole', { autoReconnect: { ...FAST, keepAliveMs: 100 }, requestTimeoutMs: 200 });
    const got = collect(receiver, roomId);
    const back = new Promise<ReconnectInfo>((resolve) => receiver.onReconnect(resolve));
    expect(proxy.freezeAll()).toBeGreaterThan(0);
    await sender.sendMessage({ room_id: roomId, content: 'into the void' });
    const info = await back;
    expect(info.reclaimed).toBe(false); // the server still held the old socket: a takeover
    await got.reached(1);
    expect(got.messages.map((m) => m.content)).toEqual(['into the void']);
    await sender.close();
    await receiver.close();
  });

  it('gives up after maxAttempts and closes with the reason', async () => {
    const receiver = await ClawChatClient.connect({ url: proxy.url, key, name: 'rc-giveup', autoReconnect: { ...FAST, maxAttempts: 3 } });
    const closed = new Promise<Error | undefined>((resolve) => receiver.onClose(resolve));
    proxy.refuse(true);
    proxy.dropAll();
    const err = await closed;
    proxy.refuse(false);
    expect(err).toBeInstanceOf(ClawChatConnectionError);
    expect(err!.message).toMatch(/gave up reconnecting .* after 3 attempt/);
    expect(receiver.closed).toBe(true);
    await expect(receiver.ping()).rejects.toBeInstanceOf(ClawChatConnectionError);
  });

  it('stops reconnecting when closed during an outage, and closes on a drop without autoReconnect', async () => {
    const a = await ClawChatClient.connect({ url: proxy.url, key, name: 'rc-close', autoReconnect: FAST });
    proxy.refuse(true);
    proxy.dropAll();
    await new Promise((r) => setTimeout(r, 30));
    await a.close();
    expect(a.closed).toBe(true);
    proxy.refuse(false);
    const b = await ClawChatClient.connect({ url: proxy.url, key, name: 'rc-plain' });
    const closed = new Promise<Error | undefined>((resolve) => b.onClose(resolve));
    proxy.dropAll();
    await closed;
    expect(b.closed).toBe(true);
  });
});
