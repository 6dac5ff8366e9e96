import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClawChatClient, type ReconnectInfo } from '../../orchestrator/clawchat/client/index.js';
import { ClawChatConnectionError } from '../../orchestrator/clawchat/errors/index.js';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { TcpProxy } from './helpers/tcp-proxy.js';

/** The client over every transport: tcp://, unix:// and ws:// URLs against one embedded server. */
describe('ClawChatClient transports', () => {
  let server: ClawChatServer;
  let dir: string;
  let urls: { tcp: string; unix: string; ws: string };
  const key = 'transport-key';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'clawchat-tr-'));
    server = await ClawChatServer.start({
      auth: { key },
      socket: path.join(dir, 'c.sock'),
      http: { port: 0, allowedOrigins: ['https://ok.example'] },
    });
    urls = { tcp: server.address.tcp!.url, unix: server.address.socket!.url, ws: server.address.http!.wsUrl };
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('talks across tcp://, unix:// and ws:// clients in one room, with E2E', async () => {
    expect(urls.unix).toMatch(/^unix:\/\//);
    expect(urls.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    const clients = {
      tcp: await ClawChatClient.connect({ url: urls.tcp, key, name: 'via-tcp', roomKey: 'k' }),
      unix: await ClawChatClient.connect({ url: urls.unix, key, name: 'via-unix', roomKey: 'k' }),
      ws: await ClawChatClient.connect({ url: urls.ws, key, name: 'via-ws', roomKey: 'k' }),
    };
    const room = await clients.ws.createRoom({ name: 'mixed', encrypted: true });
    for (const c of Object.values(clients)) await c.joinRoom(room.room_id);
    for (const [from, sender] of Object.entries(clients)) {
      const others = Object.entries(clients).filter(([n]) => n !== from);
      const arrivals = others.map(([, c]) => c.waitFor('message_received', { predicate: (e) => e.payload.agent_id === sender.agentId }));
      await sender.sendMessage({ room_id: room.room_id, content: `hello from ${from} ✓` });
      for (const ev of await Promise.all(arrivals)) expect(ev.payload.content).toBe(`hello from ${from} ✓`);
    }
    const big = 'x'.repeat(45_000); // several TCP segments / one large WebSocket message (≈60 KB once encrypted)
    const arrival = clients.ws.waitFor('message_received');
    await clients.unix.sendMessage({ room_id: room.room_id, content: big });
    expect((await arrival).payload.content).toBe(big);
    expect((await clients.ws.getHistory({ room_id: room.room_id })).messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    for (const c of Object.values(clients)) await c.close();
  });

  it('sends a configured Origin on ws:// and reports a refused handshake as ClawChatConnectionError', async () => {
    const ok = await ClawChatClient.connect({ url: urls.ws, key, name: 'origin-ok', webSocket: { headers: { Origin: 'https://ok.example' } } });
    await ok.ping();
    await ok.close();
    const refused = await ClawChatClient.connect({ url: urls.ws, key, name: 'origin-bad', webSocket: { headers: { Origin: 'https://evil.example' } } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ClawChatConnectionError);
    expect((refused as Error).message).toMatch(/403/);
    const missing = await ClawChatClient.connect({ url: urls.unix.replace('c.sock', 'nope.sock'), key, name: 'x' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ClawChatConnectionError);
  });

  it('reconnects over ws:// (through a dropping proxy) and catches up', async () => {
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: server.address.http!.port });
    const sender = await ClawChatClient.connect({ url: urls.tcp, key, name: 'ws-sender' });
    const room = await sender.createRoom({ name: 'ws-reconnect' });
    await sender.joinRoom(room.room_id);
    const viaProxy = urls.ws.replace(/:\d+\/ws$/, `:${new URL(proxy.url).port}/ws`);
    const receiver = await ClawChatClient.connect({ url: viaProxy, key, name: 'ws-receiver', autoReconnect: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: Infinity } });
    await receiver.joinRoom(room.room_id);
    const contents: string[] = [];
    receiver.on('message_received', (e) => contents.push(e.payload.content));
    const back = new Promise<ReconnectInfo>((resolve) => receiver.onReconnect(resolve));
    proxy.refuse(true);
    proxy.dropAll();
    for (let i = 0; i < 5; i++) await sender.sendMessage({ room_id: room.room_id, content: `while away ${i}` });
    proxy.refuse(false);
    expect((await back).caughtUp[room.room_id]).toBe(5);
    await sender.sendMessage({ room_id: room.room_id, content: 'live again' });
    await receiver.waitFor('message_received', { includeRecent: true, predicate: (e) => e.payload.content === 'live again' });
    expect(contents).toEqual(['while away 0', 'while away 1', 'while away 2', 'while away 3', 'while away 4', 'live again']);
    await receiver.close();
    await sender.close();
    await proxy.close();
  });

  const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!hasOpenssl)('connects over wss:// (a TLS terminator with a self-signed certificate, trusted through webSocket.ca)', async () => {
    const keyFile = path.join(dir, 'tls.key');
    const certFile = path.join(dir, 'tls.crt');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    expect(made.status).toBe(0);
    const cert = readFileSync(certFile);
    const terminator = tls.createServer({ key: readFileSync(keyFile), cert }, (secure) => {
      const plain = net.connect({ host: '127.0.0.1', port: server.address.http!.port });
      secure.pipe(plain).pipe(secure);
      secure.on('error', () => plain.destroy());
      plain.on('error', () => secure.destroy());
    });
    await new Promise<void>((r) => terminator.listen(0, '127.0.0.1', r));
    const url = `wss://localhost:${(terminator.address() as net.AddressInfo).port}/ws`;
    const untrusted = await ClawChatClient.connect({ url, key, name: 'wss-untrusted' }).catch((e: unknown) => e);
    expect(untrusted).toBeInstanceOf(ClawChatConnectionError);
    const a = await ClawChatClient.connect({ url, key, name: 'wss-a', webSocket: { ca: cert }, roomKey: 'k' });
    const b = await ClawChatClient.connect({ url: urls.tcp, key, name: 'tcp-b', roomKey: 'k' });
    const room = await a.createRoom({ name: 'over-tls' });
    await a.joinRoom(room.room_id);
    await b.joinRoom(room.room_id);
    const got = a.waitFor('message_received');
    await b.sendMessage({ room_id: room.room_id, content: 'through TLS' });
    expect((await got).payload.content).toBe('through TLS');
    await a.close();
    await b.close();
    await new Promise<void>((r) => terminator.close(() => r()));
  });
});
