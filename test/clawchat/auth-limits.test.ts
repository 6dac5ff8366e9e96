import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClawChatServer, loadOrCreateKeyFile, type ClawChatServerOptions } from '../../orchestrator/clawchat/server/index.js';
import { RawAgent } from './helpers/raw-agent.js';

const mode = (p: string): number => statSync(p).mode & 0o777;

describe('key file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = (): string => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'clawchat-key-'));
    dirs.push(d);
    return d;
  };

  it('is created as 64 hex chars, mode 0600, in a new 0700 directory', () => {
    const file = path.join(tmp(), 'nested', 'auth.key');
    const key = loadOrCreateKeyFile(file);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file, 'utf8')).toBe(key);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(loadOrCreateKeyFile(file)).toBe(key);
  });

  it('re-hardens an existing file, reads it trimmed, and replaces an empty one', () => {
    const d = tmp();
    const file = path.join(d, 'auth.key');
    writeFileSync(file, '  my-shared-key\n');
    chmodSync(file, 0o644);
    expect(loadOrCreateKeyFile(file)).toBe('my-shared-key');
    expect(mode(file)).toBe(0o600);
    writeFileSync(file, '\n');
    expect(loadOrCreateKeyFile(file)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('raises a config error when the file cannot be created', () => {
    const d = tmp();
    writeFileSync(path.join(d, 'not-a-dir'), 'x');
    expect(() => loadOrCreateKeyFile(path.join(d, 'not-a-dir', 'auth.key'))).toThrow(/cannot read or create key file/);
  });
});

describe('auth modes and tier limits', () => {
  let server: ClawChatServer | undefined;
  const agents: RawAgent[] = [];
  const key = 'limits-key';
  const start = async (options: ClawChatServerOptions): Promise<ClawChatServer> => {
    server = await ClawChatServer.start({ auth: { key }, ...options });
    return server;
  };
  const agent = async (name: string, k = key, extra: Record<string, unknown> = {}): Promise<RawAgent> => {
    const a = await RawAgent.register(server!.url, k, name, extra);
    agents.push(a);
    return a;
  };
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
    await server?.close();
    server = undefined;
  });

  it('--no-auth accepts any key and disables visibility checks and limits', async () => {
    await start({ auth: { noAuth: true }, limits: { free: { maxRooms: 1, maxContentBytes: 10 } } });
    const a = await agent('a', 'whatever');
    const b = await agent('b', 'something-else');
    const priv = (await a.call('create_room', { name: 'private-but-open' })).room_id;
    await a.call('create_room', { name: 'second' });
    await b.call('join_room', { room_id: priv });
    expect((await b.call('send_message', { room_id: priv, content: 'x'.repeat(100) })).seq).toBe(1);
    expect((await b.call('list_agents', {})).agents).toHaveLength(2);
  });

  it('caps concurrent agents per key and frees the slot on disconnect', async () => {
    await start({ limits: { free: { maxAgents: 2 } } });
    const first = await agent('one');
    await agent('two');
    const third = await RawAgent.connect(server!.url);
    agents.push(third);
    const refused = await third.request('register', { key, name: 'three' });
    expect(refused.payload.code).toBe('rate_limit_agents');
    await third.closed;
    await first.close();
    await new Promise((r) => setTimeout(r, 50));
    await agent('three-again');
  });

  it('limits messages (send + thinking) per fixed window', async () => {
    await start({ limits: { free: { maxMessagesPerWindow: 3 }, messageWindowMs: 300 } });
    const a = await agent('chatty');
    const room = (await a.call('create_room', { name: 'rate' })).room_id;
    await a.call('join_room', { room_id: room });
    await a.call('send_message', { room_id: room, content: '1' });
    await a.call('thinking', { room_id: room, content: '2' });
    await a.call('send_message', { room_id: room, content: '3' });
    expect(await a.errorCode('send_message', { room_id: room, content: '4' })).toBe('rate_limit_messages');
    expect(await a.errorCode('thinking', { room_id: room, content: '4' })).toBe('rate_limit_messages');
    expect((await a.call('room_tip', { room_id: room })).seq).toBe(3);
    await new Promise((r) => setTimeout(r, 350));
    expect((await a.call('send_message', { room_id: room, content: '4' })).seq).toBe(4);
  });

  it('limits room creations per key, never giving a slot back', async () => {
    await start({ limits: { free: { maxRooms: 2 } } });
    const a = await agent('builder');
    const eph = (await a.call('create_room', { name: 'e', ephemeral: true })).room_id;
    await a.call('join_room', { room_id: eph });
    await a.call('leave_room', { room_id: eph });
    await a.call('create_room', { name: 'p' });
    expect(await a.errorCode('create_room', { name: 'q' })).toBe('rate_limit_rooms');
    const other = server!.createApiKey('free');
    await (await agent('other-key', other)).call('create_room', { name: 'q' });
  });

  it('gives pro keys pro limits', async () => {
    await start({});
    const pro = server!.createApiKey('pro', 'big');
    const a = await agent('pro', pro);
    const room = (await a.call('create_room', { name: 'pro-room' })).room_id;
    await a.call('join_room', { room_id: room });
    expect((await a.call('send_message', { room_id: room, content: 'x'.repeat(200 * 1024) })).seq).toBe(1);
    expect(await a.errorCode('send_message', { room_id: room, content: 'x'.repeat(256 * 1024 + 1) })).toBe('message_too_large');
  });

  it('binds an agent_id to the first key that used it', async () => {
    await start({});
    const other = server!.createApiKey('free');
    const a = await agent('first', key, { agent_id: 'bound' });
    await a.close();
    const thief = await RawAgent.connect(server!.url);
    agents.push(thief);
    expect((await thief.request('register', { key: other, name: 'thief', agent_id: 'bound', reconnect: true })).payload.code).toBe('agent_id_taken');
    expect((await thief.request('ping', {})).type).toBe('pong');
    await agent('first-again', key, { agent_id: 'bound', reconnect: true });
  });

  it('never sends owner_key in any Room object', async () => {
    await start({});
    const a = await agent('owner');
    const room = (await a.call('create_room', { name: 'owned', public: true })).room_id;
    await a.call('create_room', { name: 'owned-child', parent_id: room });
    await a.call('list_rooms', {});
    await a.call('room_info', { room_id: room });
    const rooms = a.received.flatMap((f) => {
      const p = f.payload;
      if (f.type === 'room_created' || (f.type === 'ok' && p?.room_id && p?.visibility)) return [p];
      if (f.type === 'room_list') return p.rooms;
      if (f.type === 'room_info_result') return [p.room, ...p.sub_rooms];
      return [];
    });
    expect(rooms.length).toBeGreaterThanOrEqual(7);
    for (const r of rooms) expect(r).not.toHaveProperty('owner_key');
    expect(a.received.some((f) => f.line.includes(key))).toBe(false);
  });
});
