import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import {
  ClawChatConnectionError,
  ClawChatError,
  ClawChatProtocolError,
  ClawChatTimeoutError,
} from '../../orchestrator/clawchat/errors/index.js';
import type { ServerEvent } from '../../orchestrator/clawchat/protocol/index.js';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { RawAgent } from './helpers/raw-agent.js';

/** A fake server: answers each line with whatever `answer` returns (raw lines). */
async function fakeServer(answer: (frame: any) => string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buf = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const frame = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        for (const line of answer(frame)) socket.write(line + '\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `tcp://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const registerOk = (frame: any) =>
  JSON.stringify({ id: 'x', reply_to: frame.id, type: 'ok', payload: { agent_id: 'fake-agent', name: frame.payload.name, protocol_version: 1 } });

describe('ClawChatClient against the embedded server', () => {
  let server: ClawChatServer;
  let url: string;
  const key = 'client-test-key';

  beforeAll(async () => {
    server = await ClawChatServer.start({ auth: { key }, timers: { electionOptOutMs: 50 } });
    url = server.url;
  });
  afterAll(async () => {
    await server.close();
  });

  it('registers and exposes its identity', async () => {
    const c = await ClawChatClient.connect({ url, key, name: 'alice', agentId: 'alice-stable', capabilities: ['tune'] });
    expect(c.agentId).toBe('alice-stable');
    expect(c.name).toBe('alice');
    expect(c.registration.protocol_version).toBe(1);
    const me = (await c.listAgents()).find((a) => a.agent_id === 'alice-stable');
    expect(me?.capabilities).toEqual(['tune']);
    await c.close();
    expect(c.closed).toBe(true);
  });

  it('raises server refusals as ClawChatError with the ClawChat code', async () => {
    const refused = await ClawChatClient.connect({ url, key: 'wrong', name: 'mallory' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ClawChatError);
    expect((refused as ClawChatError).code).toBe('unauthorized');
    const c = await ClawChatClient.connect({ url, key, name: 'bob' });
    const room = await c.createRoom({ name: 'client-errors' });
    const err = await c.sendMessage({ room_id: room.room_id, content: 'not joined' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClawChatError);
    expect((err as ClawChatError).code).toBe('not_in_room');
    await c.close();
  });

  it('fails to connect to nothing with ClawChatConnectionError', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await expect(ClawChatClient.connect({ url: `tcp://127.0.0.1:${port}`, key, name: 'x' })).rejects.toBeInstanceOf(ClawChatConnectionError);
    await expect(ClawChatClient.connect({ url: 'http://nope', key, name: 'x' })).rejects.toBeInstanceOf(ClawChatConnectionError);
  });

  it('sends typed requests and streams events from other agents', async () => {
    const a = await ClawChatClient.connect({ url, key, name: 'speaker' });
    const b = await ClawChatClient.connect({ url, key, name: 'listener' });
    const room = await a.createRoom({ name: 'client-stream', description: 'd' });
    await a.joinRoom(room.room_id);
    await b.joinRoom(room.room_id);
    const stream = b.events({ types: ['message_received'] });
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(await a.sendMessage({ room_id: room.room_id, content: `m${i}`, metadata: { kind: 'proposal' } }));
    expect(sent.map((m) => m.seq)).toEqual([1, 2, 3]);
    const got: ServerEvent[] = [];
    for await (const ev of stream) {
      got.push(ev);
      if (got.length === 3) break;
    }
    expect(got.map((e) => (e.type === 'message_received' ? e.payload.content : ''))).toEqual(['m0', 'm1', 'm2']);
    const history = await b.getHistory({ room_id: room.room_id, since_seq: 1 });
    expect(history.messages.map((m) => m.content)).toEqual(['m1', 'm2']);
    expect(await b.roomTip(room.room_id)).toBe(3);
    await a.close();
    await b.close();
  });

  it('waits for events, including ones that arrived before the call', async () => {
    const a = await ClawChatClient.connect({ url, key, name: 'voter-a' });
    const b = await ClawChatClient.connect({ url, key, name: 'voter-b' });
    const room = await a.createRoom({ name: 'client-vote' });
    await a.joinRoom(room.room_id);
    await b.joinRoom(room.room_id);
    const vote = await a.createVote({ room_id: room.room_id, title: 'T', options: ['x', 'y'] });
    await a.castVote(vote.vote_id, 1);
    const reply = await b.castVote(vote.vote_id, 1);
    expect(reply.votes_cast).toBe(2);
    const result = await b.waitFor('vote_result', { includeRecent: true, predicate: (e) => e.payload.vote_id === vote.vote_id });
    expect(result.payload.tally.map((t) => t.count)).toEqual([0, 2]);
    await expect(b.waitFor('leader_elected', { timeoutMs: 50 })).rejects.toBeInstanceOf(ClawChatTimeoutError);
    const elected = b.waitFor('leader_elected');
    await a.electLeader(room.room_id);
    await a.declineElection(room.room_id);
    expect((await elected).payload.leader_id).toBe(b.agentId);
    const decided = a.waitFor('decision_made');
    await b.decision({ room_id: room.room_id, content: 'y wins', metadata: { option: 1 } });
    expect((await decided).payload.content).toBe('y wins');
    await a.close();
    await b.close();
  });

  it('collects the frames replayed on a reconnect reclaim', async () => {
    const a = await ClawChatClient.connect({ url, key, name: 'phoenix', agentId: 'phoenix-1' });
    const b = await ClawChatClient.connect({ url, key, name: 'stayer' });
    const c = await ClawChatClient.connect({ url, key, name: 'leaver' });
    const room = await a.createRoom({ name: 'client-reclaim' });
    for (const x of [a, b, c]) await x.joinRoom(room.room_id);
    const aLeft = b.waitFor('agent_left', { predicate: (e) => e.payload.agent_id === 'phoenix-1' });
    await a.close();
    await aLeft;
    const cLeft = b.waitFor('agent_left', { predicate: (e) => e.payload.agent_id === c.agentId });
    await c.close();
    await cLeft;
    const back = await ClawChatClient.connect({ url, key, name: 'phoenix', agentId: 'phoenix-1', reconnect: true });
    expect(back.registration.reconnected).toBe(true);
    expect(back.registration.rooms).toEqual([room.room_id]);
    expect(back.missedEvents.map((e) => e.type)).toEqual(['agent_left']);
    expect(back.missedEvents[0].payload).toEqual({ room_id: room.room_id, agent_id: c.agentId });
    await back.close();
    await b.close();
  });

  it('rejects pending requests and ends event streams when the connection closes', async () => {
    const c = await ClawChatClient.connect({ url, key, name: 'closer' });
    const stream = c.events();
    const pending = c.waitFor('message_received', { timeoutMs: 5_000 });
    const closed = c.close();
    await expect(pending).rejects.toBeInstanceOf(ClawChatConnectionError);
    await closed;
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    await expect(c.ping()).rejects.toBeInstanceOf(ClawChatConnectionError);
  });
});

describe('ClawChatClient against misbehaving servers', () => {
  it('times a request out with ClawChatTimeoutError', async () => {
    const fake = await fakeServer((f) => (f.type === 'register' ? [registerOk(f)] : []));
    const c = await ClawChatClient.connect({ url: fake.url, key: 'k', name: 'n', requestTimeoutMs: 100 });
    await expect(c.ping()).rejects.toBeInstanceOf(ClawChatTimeoutError);
    await c.close();
    await fake.close();
  });

  it('rejects a reply that fails its schema and reports invalid events with the raw line', async () => {
    const badEvent = '{"id":"e","type":"message_received","payload":{"room_id":"r"}}';
    const fake = await fakeServer((f) => {
      if (f.type === 'register') return [registerOk(f)];
      if (f.type === 'room_tip') return [badEvent, JSON.stringify({ id: 'y', reply_to: f.id, type: 'room_tip_result', payload: { room_id: 'r', seq: 'high' } })];
      if (f.type === 'ping') return [JSON.stringify({ id: 'y', reply_to: f.id, type: 'ok', payload: {} })];
      return [];
    });
    const c = await ClawChatClient.connect({ url: fake.url, key: 'k', name: 'n' });
    const problems: ClawChatProtocolError[] = [];
    c.onProtocolError((e) => problems.push(e));
    const err = await c.roomTip('r').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClawChatProtocolError);
    expect((err as ClawChatProtocolError).line).toContain('"seq":"high"');
    expect(problems.map((p) => p.line)).toEqual([badEvent]);
    await expect(c.ping()).rejects.toThrow(/expected pong/);
    await c.close();
    await fake.close();
  });
});

describe('heartbeat', () => {
  it('pings registered agents; answers keep a client alive while a silent raw agent is dropped', async () => {
    const server = await ClawChatServer.start({ auth: { key: 'hb' }, timers: { heartbeatIntervalMs: 40, heartbeatTimeoutMs: 200 } });
    const client = await ClawChatClient.connect({ url: server.url, key: 'hb', name: 'answers' });
    const raw = await RawAgent.register(server.url, 'hb', 'silent');
    const ping = await raw.event('ping');
    expect(ping.payload).toEqual({ heartbeat: true });
    const started = Date.now();
    await raw.closed;
    expect(Date.now() - started).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(client.closed).toBe(false);
    await client.ping();
    await client.close();
    await server.close();
  });

  it('drops a connection that does not register in time', async () => {
    const server = await ClawChatServer.start({ auth: { key: 'rt' }, timers: { registerTimeoutMs: 100 } });
    const raw = await RawAgent.connect(server.url);
    expect((await raw.request('ping', {})).type).toBe('pong');
    await raw.closed;
    expect(server.connectionCount).toBe(0);
    await server.close();
  });
});
