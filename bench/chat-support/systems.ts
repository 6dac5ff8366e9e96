import net from 'node:net';
import { Redis } from 'ioredis';
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import type { FanoutSystem } from './fanout.js';

/**
 * ClawChat fan-out: one sender and `receivers` agents in one room of a server, all with
 * itercrew's ClawChatClient (frames validated with zod, as every itercrew agent does). A publish
 * is a `send_message` (stored with its seq, then fanned out).
 */
export async function clawchatSystem(url: string, receivers: number, receiverKind: 'client' | 'raw' = 'client'): Promise<FanoutSystem> {
  const sender = await ClawChatClient.connect({ url, key: 'bench', name: 'sender', requestTimeoutMs: 60_000 });
  const room = await sender.createRoom({ name: `fanout-${Date.now()}` });
  await sender.joinRoom(room.room_id);
  let deliver: (receiver: number, payload: string) => void = () => undefined;
  const subs: Array<{ close(): Promise<void> | void }> = [];
  for (let i = 0; i < receivers; i++) {
    if (receiverKind === 'raw') {
      subs.push(await rawReceiver(url, room.room_id, `receiver-${i}`, (content) => deliver(i, content)));
      continue;
    }
    const c = await ClawChatClient.connect({ url, key: 'bench', name: `receiver-${i}` });
    await c.joinRoom(room.room_id);
    c.on('message_received', (e) => deliver(i, e.payload.content));
    subs.push(c);
  }
  return {
    name: 'ClawChat',
    publish: (payload) => sender.sendMessage({ room_id: room.room_id, content: payload }),
    onDelivery: (fn) => (deliver = fn),
    close: async () => {
      await sender.close();
      for (const c of subs) await c.close();
    },
  };
}

/**
 * A bare NDJSON receiver (register, join, then `JSON.parse` per line, no validation): only to
 * separate the server's cost from the client library's in the figures.
 */
async function rawReceiver(url: string, roomId: string, name: string, onMessage: (content: string) => void): Promise<{ close(): void }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
  let buffer = '';
  let replied: ((frame: { type: string }) => void) | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const frame = JSON.parse(buffer.slice(0, nl)) as { reply_to?: string; type: string; payload: { content?: string } };
      buffer = buffer.slice(nl + 1);
      if (frame.reply_to) replied?.(frame);
      else if (frame.type === 'message_received') onMessage(frame.payload.content!);
      else if (frame.type === 'ping') socket.write('{"type":"pong","payload":{}}\n');
    }
  });
  const request = (type: string, payload: unknown): Promise<{ type: string }> =>
    new Promise((resolve) => {
      replied = resolve;
      socket.write(`${JSON.stringify({ id: type, type, payload })}\n`);
    });
  if ((await request('register', { key: 'bench', name })).type !== 'ok') throw new Error('raw receiver: register refused');
  if ((await request('join_room', { room_id: roomId })).type !== 'ok') throw new Error('raw receiver: join refused');
  return { close: () => void socket.destroy() };
}

/** The reference: the same fan-out through Redis PUBLISH / SUBSCRIBE (ioredis). */
export async function redisSystem(port: number, receivers: number): Promise<FanoutSystem> {
  const channel = `fanout-${Date.now()}`;
  const pub = new Redis({ port, host: '127.0.0.1' });
  const subs: Redis[] = [];
  let deliver: (receiver: number, payload: string) => void = () => undefined;
  for (let i = 0; i < receivers; i++) {
    const s = new Redis({ port, host: '127.0.0.1' });
    await s.subscribe(channel);
    s.on('message', (_ch: string, message: string) => deliver(i, message));
    subs.push(s);
  }
  return {
    name: 'Redis',
    publish: (payload) => pub.publish(channel, payload),
    onDelivery: (fn) => (deliver = fn),
    close: async () => {
      for (const r of [pub, ...subs]) r.disconnect();
    },
  };
}
