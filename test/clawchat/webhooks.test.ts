import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClawChatServer, signWebhook, type ClawChatServerOptions } from '../../orchestrator/clawchat/server/index.js';
import { RawAgent } from './helpers/raw-agent.js';

interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

/** A local webhook receiver answering with `status()` for each POST. */
async function receiver(status: () => number = () => 200) {
  const deliveries: Delivery[] = [];
  const waiters: Array<() => void> = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      attempts += 1;
      const code = status();
      if (code >= 200 && code < 300) deliveries.push({ headers: req.headers, body, json: JSON.parse(body) });
      res.writeHead(code).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    deliveries,
    get attempts() {
      return attempts;
    },
    /** Resolves once `n` successful deliveries arrived. */
    async until(n: number, timeoutMs = 5_000): Promise<Delivery[]> {
      const deadline = Date.now() + timeoutMs;
      while (deliveries.length < n) {
        if (Date.now() > deadline) throw new Error(`only ${deliveries.length}/${n} deliveries`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      return deliveries;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('webhook signature', () => {
  it('matches upstream sign_request: v1,base64(HMAC-SHA256(raw secret, "id.ts.body"))', () => {
    // Expected values computed with Python's hmac/hashlib/base64, independently of this code.
    expect(signWebhook('topsecret', 'wh_123', 1700000000, '{"a":1}')).toBe('v1,Rb1bwB60aU4nItmoOHbrIVlTuITBpmPKm13t4bf6E/o=');
    expect(signWebhook('sécret', 'id', 1, '{"é":1}')).toBe('v1,ostErsJ/5VWuHC4ehTae4/fywclMbmZDvVlUEaZCP34=');
  });
});

describe('webhook subscriptions', () => {
  let server: ClawChatServer | undefined;
  const agents: RawAgent[] = [];
  const closers: Array<() => Promise<void>> = [];
  const key = 'hook-key';
  const start = async (options: ClawChatServerOptions = {}): Promise<ClawChatServer> => {
    server = await ClawChatServer.start({
      auth: { key },
      ...options,
      webhooks: { allowPrivateReceivers: true, retryDelaysMs: [30, 30, 30], ...options.webhooks },
    });
    return server;
  };
  const agent = async (name: string): Promise<RawAgent> => {
    const a = await RawAgent.register(server!.url, key, name);
    agents.push(a);
    return a;
  };
  const roomWith = async (...members: RawAgent[]): Promise<string> => {
    const id = (await members[0].call('create_room', { name: `hooks-${Math.random().toString(36).slice(2)}` })).room_id;
    for (const m of members) await m.call('join_room', { room_id: id });
    return id;
  };
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
    await server?.close();
    server = undefined;
    for (const c of closers.splice(0)) await c();
  });

  it('POSTs signed message envelopes in seq order, filtered as subscribed', async () => {
    await start();
    const hook = await receiver();
    closers.push(hook.close);
    const [alice, bob] = [await agent('alice'), await agent('bob')];
    const room = await roomWith(alice, bob);
    await alice.call('send_message', { room_id: room, content: 'before', metadata: { kind: 'proposal' } });
    const sub = await alice.call('subscribe', {
      room_id: room,
      webhook_url: hook.url,
      secret: 'shh',
      kinds: ['proposal', 'verdict'],
      not_from: 'bob',
      exclude_thinking: true,
    });
    expect(sub).toMatchObject({ room_id: room, webhook_url: hook.url, since_seq: 1, last_delivered_seq: 1, status: 'active', failure_count: 0 });
    expect(sub).not.toHaveProperty('secret');
    const m2 = await alice.call('send_message', { room_id: room, content: 'p2', metadata: { kind: 'proposal' } });
    await alice.call('send_message', { room_id: room, content: 'chat', metadata: { kind: 'chat' } });
    await bob.call('send_message', { room_id: room, content: 'from bob', metadata: { kind: 'proposal' } });
    await alice.call('thinking', { room_id: room, content: 'hmm' });
    const m6 = await alice.call('send_message', { room_id: room, content: 'v', metadata: { kind: 'verdict' } });
    const got = await hook.until(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(hook.deliveries).toHaveLength(2);
    expect(got.map((d) => d.json.message.message_id)).toEqual([m2.message_id, m6.message_id]);
    const d = got[0];
    expect(d.json).toEqual({ type: 'clawchat.message.created', subscription_id: sub.subscription_id, room_id: room, message: m2 });
    expect(d.headers['content-type']).toBe('application/json');
    const id = d.headers['webhook-id'] as string;
    const ts = d.headers['webhook-timestamp'] as string;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(10);
    const expected = createHmac('sha256', 'shh').update(`${id}.${ts}.${d.body}`).digest('base64');
    expect(d.headers['webhook-signature']).toBe(`v1,${expected}`);
    const listed = (await alice.call('list_subscriptions', { room_id: room })).subscriptions;
    expect(listed[0].last_delivered_seq).toBe(m6.seq);
  });

  it('backfills from since_seq 0 and delivers thinking pulses unless excluded', async () => {
    await start();
    const hook = await receiver();
    closers.push(hook.close);
    const a = await agent('a');
    const room = await roomWith(a);
    await a.call('send_message', { room_id: room, content: 'one' });
    await a.call('thinking', { room_id: room, content: 'two' });
    await a.call('subscribe', { room_id: room, webhook_url: hook.url, secret: 's', since_seq: 0 });
    const got = await hook.until(2);
    expect(got.map((d) => d.json.message.content)).toEqual(['one', 'two']);
  });

  it('retries failed deliveries on the schedule, then marks the subscription failed; enable replays', async () => {
    await start();
    let healthy = false;
    const hook = await receiver(() => (healthy ? 204 : 503));
    closers.push(hook.close);
    const a = await agent('a');
    const room = await roomWith(a);
    const sub = await a.call('subscribe', { room_id: room, webhook_url: hook.url, secret: 's' });
    await a.call('send_message', { room_id: room, content: 'lost?' });
    const deadline = Date.now() + 5_000;
    let status: any;
    do {
      await new Promise((r) => setTimeout(r, 30));
      status = (await a.call('list_subscriptions', {})).subscriptions[0];
    } while (status.status !== 'failed' && Date.now() < deadline);
    expect(status).toMatchObject({ status: 'failed', failure_count: 4, last_delivered_seq: 0 });
    expect(hook.attempts).toBe(4);
    healthy = true;
    expect(await a.call('enable_subscription', { subscription_id: sub.subscription_id })).toEqual({ subscription_id: sub.subscription_id, status: 'active' });
    const got = await hook.until(1);
    expect(got[0].json.message.content).toBe('lost?');
    const after = (await a.call('list_subscriptions', {})).subscriptions[0];
    expect(after).toMatchObject({ status: 'active', failure_count: 0, last_delivered_seq: 1 });
  });

  it('keeps queued retries across a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawchat-hooks-'));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    const db = path.join(dir, 'db');
    let healthy = false;
    const hook = await receiver(() => (healthy ? 200 : 500));
    closers.push(hook.close);
    await start({ db, webhooks: { retryDelaysMs: [300, 300] } });
    const a = await agent('a');
    const room = await roomWith(a);
    await a.call('subscribe', { room_id: room, webhook_url: hook.url, secret: 's' });
    await a.call('send_message', { room_id: room, content: 'survives' });
    while (hook.attempts < 1) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(agents.splice(0).map((x) => x.close()));
    await server!.close();
    healthy = true;
    await start({ db, webhooks: { retryDelaysMs: [300, 300] } });
    const got = await hook.until(1);
    expect(got[0].json.message.content).toBe('survives');
  });

  it('closes promptly while a delivery hangs on a receiver that never answers', async () => {
    let arrived!: () => void;
    const reached = new Promise<void>((r) => (arrived = r));
    const stuck = http.createServer(() => arrived());
    await new Promise<void>((r) => stuck.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => { stuck.closeAllConnections(); stuck.close(() => r()); }));
    await start();
    const a = await agent('a');
    const room = await roomWith(a);
    await a.call('subscribe', { room_id: room, webhook_url: `http://127.0.0.1:${(stuck.address() as AddressInfo).port}/`, secret: 's' });
    await a.call('send_message', { room_id: room, content: 'into the void' });
    await reached;
    const t0 = Date.now();
    await server!.close();
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('refuses loopback, private and non-http receivers unless allowed', async () => {
    server = await ClawChatServer.start({ auth: { key } });
    const a = await agent('a');
    const room = await roomWith(a);
    for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'ftp://example.com/x']) {
      expect(await a.errorCode('subscribe', { room_id: room, webhook_url: url, secret: 's' })).toBe('invalid_payload');
    }
    expect(await a.errorCode('subscribe', { room_id: room, webhook_url: 'http://8.8.8.8/x', secret: '' })).toBe('invalid_payload');
    expect(await a.errorCode('subscribe', { room_id: 'nope', webhook_url: 'http://8.8.8.8/x', secret: 's' })).toBe('room_not_found');
  });

  it('lets only the owning key see, delete and enable a subscription', async () => {
    await start();
    const a = await agent('a');
    const other = await RawAgent.register(server!.url, server!.createApiKey(), 'other');
    agents.push(other);
    const room = (await a.call('create_room', { name: 'shared', public: true })).room_id;
    const sub = await a.call('subscribe', { room_id: room, webhook_url: 'http://127.0.0.1:9/x', secret: 's' });
    expect((await other.call('list_subscriptions', {})).subscriptions).toEqual([]);
    expect(await other.errorCode('unsubscribe', { subscription_id: sub.subscription_id })).toBe('access_denied');
    expect(await other.errorCode('enable_subscription', { subscription_id: sub.subscription_id })).toBe('access_denied');
    expect(await a.call('unsubscribe', { subscription_id: sub.subscription_id })).toEqual({ deleted: true });
    expect(await a.errorCode('unsubscribe', { subscription_id: sub.subscription_id })).toBe('access_denied');
  });
});
