import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import { ChatServerProcess, residentMb, type ChatServerProcessOptions } from './processes.js';

/** What the memory run measured. */
export interface MemoryResult {
  agents: number;
  rooms: number;
  /** Messages stored (sum of the rooms' tips, read back from the server). */
  stored: number;
  /** Server RSS with everything connected and stored, MB. */
  rss: number;
  /** Server peak RSS during the run (VmHWM), MB. */
  peak: number;
  /** Server RSS right after start, MB. */
  idle: number;
  seconds: number;
}

/**
 * A fresh server process (its own process, so its RSS is the server's alone),
 * `agents` connected agents spread over `rooms` rooms, `messages` messages sent by them (each
 * stored in SQLite and fanned out to the room), then the server's resident memory.
 */
export async function runMemory(options: { agents: number; rooms: number; messages: number; bytes: number; server: ChatServerProcessOptions }): Promise<MemoryResult> {
  const server = await ChatServerProcess.start(options.server);
  const idle = residentMb(server.pid).rss;
  const started = Date.now();
  try {
    const admin = await ClawChatClient.connect({ url: server.url, key: 'bench', name: 'admin' });
    const roomIds: string[] = [];
    for (let r = 0; r < options.rooms; r++) roomIds.push((await admin.createRoom({ name: `mem-room-${r}` })).room_id);
    await admin.close();
    const clients = await Promise.all(
      Array.from({ length: options.agents }, async (_, i) => {
        const c = await ClawChatClient.connect({ url: server.url, key: 'bench', name: `agent-${i}`, requestTimeoutMs: 120_000 });
        await c.joinRoom(roomIds[i % options.rooms]);
        return c;
      }),
    );
    const perAgent = Math.ceil(options.messages / options.agents);
    const pad = 'm'.repeat(options.bytes);
    let left = options.messages;
    await Promise.all(
      clients.map(async (c, i) => {
        const roomId = roomIds[i % options.rooms];
        const inFlight = new Set<Promise<unknown>>();
        for (let k = 0; k < perAgent && left > 0; k++, left--) {
          const p = c.sendMessage({ room_id: roomId, content: `${i}:${k}:${pad}`, metadata: { kind: 'bench' } }).finally(() => inFlight.delete(p));
          inFlight.add(p);
          if (inFlight.size >= 16) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
      }),
    );
    let stored = 0;
    for (const id of roomIds) stored += await clients[0].roomTip(id);
    await Promise.all(clients.map((c) => c.ping())); // every connection drained
    const { rss, peak } = residentMb(server.pid);
    for (const c of clients) await c.close();
    return { agents: options.agents, rooms: options.rooms, stored, rss, peak, idle, seconds: (Date.now() - started) / 1000 };
  } finally {
    await server.close();
  }
}
