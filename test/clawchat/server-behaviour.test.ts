import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  ClawChatServer,
  DEFAULT_LIMITS,
  DEFAULT_TIMERS,
  DEFAULT_WEBHOOKS,
  resolveServerOptions,
  type ClawChatServerOptions,
} from '../../orchestrator/clawchat/server/index.js';
import { RawAgent } from './helpers/raw-agent.js';

let server: ClawChatServer | undefined;
const agents: RawAgent[] = [];
const dirs: string[] = [];
const key = 'behaviour-key';

async function start(options: ClawChatServerOptions = {}): Promise<ClawChatServer> {
  server = await ClawChatServer.start({ auth: { key }, ...options });
  return server;
}
async function agent(name: string, extra: Record<string, unknown> = {}, url = server!.url): Promise<RawAgent> {
  const a = await RawAgent.register(url, key, name, extra);
  agents.push(a);
  return a;
}
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'clawchat-beh-'));
  dirs.push(d);
  return d;
}

afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
  await server?.close();
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('defaults are the upstream values', () => {
  it('timers, limits and webhook retries', () => {
    expect(DEFAULT_TIMERS).toEqual({
      electionOptOutMs: 2_000,
      heartbeatIntervalMs: 30_000,
      heartbeatTimeoutMs: 90_000,
      registerTimeoutMs: 10_000,
      reconnectWindowMs: 120_000,
      reconnectSweepMs: 30_000,
      retentionPurgeIntervalMs: 3_600_000,
    });
    expect(DEFAULT_LIMITS).toEqual({
      free: { maxAgents: 20, maxMessagesPerWindow: 200, maxRooms: 50, maxContentBytes: 65_536, retentionDays: 14 },
      pro: { maxAgents: 200, maxMessagesPerWindow: 2000, maxRooms: 500, maxContentBytes: 262_144, retentionDays: 90 },
      messageWindowMs: 60_000,
      maxFrameBytes: 1_048_576,
      outboundQueueFrames: 256,
      stashMaxEvents: 200,
    });
    expect(DEFAULT_WEBHOOKS).toEqual({ retryDelaysMs: [1_000, 4_000, 16_000, 64_000, 256_000], allowPrivateReceivers: false, requestTimeoutMs: 10_000 });
    const resolved = resolveServerOptions();
    expect(resolved).toMatchObject({ tcp: { host: '127.0.0.1', port: 0 }, socket: false, http: false, db: ':memory:', timers: DEFAULT_TIMERS, limits: DEFAULT_LIMITS });
    const tuned = resolveServerOptions({ timers: { electionOptOutMs: 5 }, limits: { free: { maxRooms: 3 } } });
    expect(tuned.timers).toEqual({ ...DEFAULT_TIMERS, electionOptOutMs: 5 });
    expect(tuned.limits.free).toEqual({ ...DEFAULT_LIMITS.free, maxRooms: 3 });
  });

  it('a default server announces the 2-second election opt-out', async () => {
    await start();
    const a = await agent('default');
    const room = (await a.call('create_room', { name: 'defaults' })).room_id;
    await a.call('join_room', { room_id: room });
    const reply = await a.call('elect_leader', { room_id: room });
    expect(reply.message).toBe('Election started. Agents have 2 seconds to decline.');
    expect(a.seen('election_started')[0].payload.opt_out_seconds).toBe(2);
  });
});

describe('reconnect stash', () => {
  it('expires after the window: a late reconnect is a fresh registration', async () => {
    await start({ timers: { reconnectWindowMs: 100, reconnectSweepMs: 40 } });
    const a = await agent('late', { agent_id: 'late-1' });
    const room = (await a.call('create_room', { name: 'stash' })).room_id;
    await a.call('join_room', { room_id: room });
    await a.close();
    await new Promise((r) => setTimeout(r, 250));
    const again = await RawAgent.connect(server!.url);
    agents.push(again);
    const reply = await again.request('register', { key, name: 'late', agent_id: 'late-1', reconnect: true });
    expect(reply.payload).toEqual({ agent_id: 'late-1', name: 'late', protocol_version: 1 });
    expect(await again.errorCode('send_message', { room_id: room, content: 'x' })).toBe('not_in_room');
  });

  it('does not stash an agent that was only in ephemeral rooms', async () => {
    await start();
    const a = await agent('eph', { agent_id: 'eph-1' });
    const b = await agent('eph-peer');
    const room = (await a.call('create_room', { name: 'e', ephemeral: true })).room_id;
    await a.call('join_room', { room_id: room });
    await b.call('join_room', { room_id: room });
    await a.close();
    await b.event('agent_left', (p) => p.agent_id === 'eph-1');
    const again = await agent('eph', { agent_id: 'eph-1', reconnect: true });
    expect(again.received[0].payload.reconnected).toBeUndefined();
  });

  it('turns the disconnected holder\'s token over with reason disconnected', async () => {
    await start();
    const [a, b, c] = [await agent('h1'), await agent('h2'), await agent('h3')];
    const room = (await a.call('create_room', { name: 'turns' })).room_id;
    for (const x of [a, b, c]) await x.call('join_room', { room_id: room });
    await c.call('send_message', { room_id: room, content: 'to a' });
    await a.close();
    const turn = await c.event('turn_changed', (p) => p.reason === 'disconnected');
    expect(turn.payload).toEqual({ room_id: room, current_turn_holder: b.agentId, turn_order: [b.agentId, c.agentId], reason: 'disconnected' });
  });
});

describe('backpressure', () => {
  it('drops an agent that stops reading once its outbound queue is full', async () => {
    await start({ limits: { outboundQueueFrames: 8, free: { maxMessagesPerWindow: 100_000 } } });
    const sender = await agent('sender');
    const room = (await sender.call('create_room', { name: 'flood' })).room_id;
    await sender.call('join_room', { room_id: room });
    const slow = net.connect(server!.address.tcp!.port, '127.0.0.1');
    slow.on('error', () => undefined);
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.write(`${JSON.stringify({ id: 'r', type: 'register', payload: { key, name: 'slow', agent_id: 'slow-1' } })}\n`);
    slow.write(`${JSON.stringify({ id: 'j', type: 'join_room', payload: { room_id: room } })}\n`);
    await sender.event('agent_joined', (p) => p.agent.agent_id === 'slow-1');
    slow.pause();
    const big = 'z'.repeat(60_000);
    const left = sender.event('agent_left', (p) => p.agent_id === 'slow-1', 20_000);
    let sent = 0;
    let dropped = false;
    void left.then(() => (dropped = true));
    while (!dropped && sent < 2_000) {
      await sender.call('send_message', { room_id: room, content: big });
      sent += 1;
    }
    await left;
    expect(dropped).toBe(true);
    expect(sent).toBeLessThan(2_000);
    expect((await sender.call('room_info', { room_id: room })).turn_order).toEqual([sender.agentId]);
    slow.destroy();
  });
});

describe('WebSocket /ws and the REST API', () => {
  const open = (url: string, origin?: string): Promise<number | 'open'> =>
    new Promise((resolve) => {
      const ws = new WebSocket(url, origin ? { headers: { origin } } : {});
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });

  it('accepts a request without Origin or with an allowed one, refuses others with 403', async () => {
    await start({ tcp: false, http: { port: 0, allowedOrigins: ['https://ok.example'] } });
    const ws = server!.address.http!.wsUrl;
    expect(await open(ws)).toBe('open');
    expect(await open(ws, 'https://ok.example')).toBe('open');
    expect(await open(ws, 'https://evil.example')).toBe(403);
    expect(await open(ws.replace('/ws', '/other'))).toBe(404);
  });

  it('speaks one frame per message with or without a trailing newline, several lines per message', async () => {
    await start({ tcp: false, http: { port: 0 } });
    const a = await agent('ws', {}, server!.address.http!.wsUrl);
    a.sendRaw('{"id":"n1","type":"ping"}');
    a.sendRaw('{"id":"n2","type":"ping"}\n');
    a.sendRaw('{"id":"n3","type":"ping"}\n{"id":"n4","type":"ping"}');
    for (const id of ['n1', 'n2', 'n3', 'n4']) expect((await a.next((f) => f.reply_to === id)).type).toBe('pong');
    expect(a.received.every((f) => !f.line.endsWith('\n'))).toBe(true);
  });

  it('serves status, public rooms, own agents and public history; key signup only with the admin secret', async () => {
    await start({ http: { port: 0, adminSecret: 'admin' } });
    const base = server!.address.http!.url;
    const a = await agent('rest');
    const pub = (await a.call('create_room', { name: 'rest-public', public: true })).room_id;
    const priv = (await a.call('create_room', { name: 'rest-private' })).room_id;
    await a.call('join_room', { room_id: pub });
    await a.call('send_message', { room_id: pub, content: 'visible' });
    const get = async (p: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}${p}`, { headers });
      return { status: res.status, body: (await res.json()) as any };
    };
    expect((await get('/api/status')).body).toMatchObject({ status: 'ok', agents_connected: 1 });
    const rooms = (await get('/api/rooms')).body.rooms.map((r: any) => r.room_id);
    expect(rooms).toContain(pub);
    expect(rooms).not.toContain(priv);
    expect((await get('/api/agents')).status).toBe(401);
    expect((await get('/api/agents', { 'x-clawchat-key': key })).body.agents.map((x: any) => x.name)).toEqual(['rest']);
    expect((await get(`/api/rooms/${pub}/history`)).body.messages.map((m: any) => m.content)).toEqual(['visible']);
    expect((await get(`/api/rooms/${priv}/history`)).status).toBe(403);
    expect((await fetch(`${base}/api/keys`, { method: 'POST' })).status).toBe(401);
    const minted = await fetch(`${base}/api/keys`, { method: 'POST', headers: { 'x-clawchat-admin': 'admin' } });
    expect(minted.status).toBe(201);
    const { api_key: apiKey, tier } = (await minted.json()) as { api_key: string; tier: string };
    expect(tier).toBe('free');
    agents.push(await RawAgent.register(server!.url, apiKey, 'minted'));
  });
});

describe('Unix socket', () => {
  it('refuses to take over the socket of a running server', async () => {
    const sock = path.join(tmp(), 'live.sock');
    const live = net.createServer();
    await new Promise<void>((r) => live.listen(sock, r));
    await expect(ClawChatServer.start({ auth: { key }, tcp: false, socket: sock })).rejects.toThrow(/in use by a running server/);
    await new Promise<void>((r) => live.close(() => r()));
  });

  it('replaces a stale socket file, refuses to replace a regular file', async () => {
    const d = tmp();
    const sock = path.join(d, 'chat.sock');
    const stale = net.createServer();
    await new Promise<void>((r) => stale.listen(sock, r));
    // Simulate a crash: the file stays behind.
    (stale as unknown as { _handle: { close(): void } })._handle.close();
    await start({ tcp: false, socket: sock });
    const a = await agent('unix');
    expect((await a.request('ping', {})).type).toBe('pong');
    await a.close();
    agents.splice(0);
    await server!.close();
    server = undefined;
    const regular = path.join(d, 'not-a-socket');
    writeFileSync(regular, 'data');
    await expect(ClawChatServer.start({ auth: { key }, tcp: false, socket: regular })).rejects.toThrow(/not a socket/);
  });
});
