import net from 'node:net';
import { WebSocket } from 'ws';

/** A frame as received (parsed JSON) with its arrival index on this connection. */
export interface RawFrame {
  id?: string;
  reply_to?: string;
  type: string;
  payload: any;
  /** Arrival order on this connection, from 0. */
  index: number;
  /** The raw line. */
  line: string;
}

let counter = 0;

/**
 * A test agent speaking raw NDJSON frames to a ClawChat server (tcp://, unix://, ws://), with
 * no client library in between: what it sends is exactly what is written, what it receives is
 * every frame in order. Used by the conformance suite so it can run against any server.
 */
export class RawAgent {
  /** Every frame received, in order. */
  readonly received: RawFrame[] = [];
  /** Lines that were not JSON. */
  readonly garbage: string[] = [];
  agentId = '';
  name = '';
  private unconsumed: RawFrame[] = [];
  private waiters: Array<{ pred: (f: RawFrame) => boolean; resolve: (f: RawFrame) => void }> = [];
  private closedResolve!: () => void;
  /** Resolves when the server (or we) closed the connection. */
  readonly closed: Promise<void> = new Promise((r) => (this.closedResolve = r));
  isClosed = false;
  private writeRaw!: (text: string) => void;
  private destroy!: () => void;

  private constructor(readonly url: string) {}

  /** Opens a connection. */
  static async connect(url: string): Promise<RawAgent> {
    const agent = new RawAgent(url);
    await agent.open();
    return agent;
  }

  /** Connects and registers with `key`; returns the agent. */
  static async register(url: string, key: string, name: string, extra: Record<string, unknown> = {}): Promise<RawAgent> {
    const agent = await RawAgent.connect(url);
    const reply = await agent.request('register', { key, name, ...extra });
    if (reply.type !== 'ok') throw new Error(`register failed: ${reply.line}`);
    agent.agentId = reply.payload.agent_id;
    agent.name = name;
    return agent;
  }

  private open(): Promise<void> {
    if (this.url.startsWith('ws://') || this.url.startsWith('wss://')) return this.openWs();
    let buffer = '';
    const socket = this.url.startsWith('unix:')
      ? net.connect({ path: this.url.replace(/^unix:(\/\/)?/, '') })
      : net.connect({ host: new URL(this.url).hostname, port: Number(new URL(this.url).port) });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        this.onLine(line);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.markClosed());
    this.writeRaw = (text) => {
      if (!socket.destroyed) socket.write(text);
    };
    this.destroy = () => socket.destroy();
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
  }

  private openWs(): Promise<void> {
    const ws = new WebSocket(this.url);
    ws.on('message', (data) => this.onLine(data.toString()));
    ws.on('error', () => undefined);
    ws.on('close', () => this.markClosed());
    this.writeRaw = (text) => {
      if (ws.readyState === ws.OPEN) ws.send(text);
    };
    this.destroy = () => ws.terminate();
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
  }

  private markClosed(): void {
    this.isClosed = true;
    this.closedResolve();
  }

  private onLine(line: string): void {
    let obj: any;
    try {
      obj = JSON.parse(line);
    } catch {
      this.garbage.push(line);
      return;
    }
    const frame: RawFrame = { ...obj, index: this.received.length, line };
    this.received.push(frame);
    const w = this.waiters.findIndex((x) => x.pred(frame));
    if (w >= 0) {
      const [waiter] = this.waiters.splice(w, 1);
      waiter.resolve(frame);
    } else {
      this.unconsumed.push(frame);
    }
  }

  /** Writes text exactly as given (for ws: one message). */
  sendRaw(text: string): void {
    this.writeRaw(text);
  }

  /** Writes one frame object as a JSON line. */
  send(frame: Record<string, unknown>): void {
    this.writeRaw(JSON.stringify(frame) + '\n');
  }

  /** Sends a command with a fresh id and waits for the frame answering it. */
  async request(type: string, payload?: unknown, timeoutMs = 5_000): Promise<RawFrame> {
    const id = `t${++counter}`;
    this.send(payload === undefined ? { id, type } : { id, type, payload });
    return this.next((f) => f.reply_to === id, timeoutMs, `reply to ${type}`);
  }

  /** Like {@link request} but expects `ok`-family success and returns the payload. */
  async call(type: string, payload?: unknown): Promise<any> {
    const reply = await this.request(type, payload);
    if (reply.type === 'error') throw new Error(`${type} failed: ${reply.payload.code}: ${reply.payload.message}`);
    return reply.payload;
  }

  /** Like {@link request} but expects an error and returns its code. */
  async errorCode(type: string, payload?: unknown): Promise<string> {
    const reply = await this.request(type, payload);
    if (reply.type !== 'error') throw new Error(`${type} should have failed, got ${reply.line}`);
    return reply.payload.code;
  }

  /** The next frame (received or future) matching `pred`, consumed. */
  next(pred: (f: RawFrame) => boolean, timeoutMs = 5_000, what = 'frame'): Promise<RawFrame> {
    const i = this.unconsumed.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.unconsumed.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (f: RawFrame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${this.name || this.url}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The next pushed event of `type` (no reply_to) matching `pred`. */
  event(type: string, pred: (payload: any) => boolean = () => true, timeoutMs = 5_000): Promise<RawFrame> {
    return this.next((f) => f.type === type && f.reply_to === undefined && pred(f.payload), timeoutMs, `${type} event`);
  }

  /** Frames of `type` received so far (consumed or not). */
  seen(type: string, pred: (payload: any) => boolean = () => true): RawFrame[] {
    return this.received.filter((f) => f.type === type && pred(f.payload));
  }

  /** Drops frames received so far from the unconsumed inbox. */
  clear(): void {
    this.unconsumed = [];
  }

  /** Waits `ms` and returns the frames of `type` that arrived meanwhile. */
  async quiet(ms: number, type?: string): Promise<RawFrame[]> {
    const start = this.received.length;
    await new Promise((r) => setTimeout(r, ms));
    return this.received.slice(start).filter((f) => !type || f.type === type);
  }

  /** Closes the connection. */
  close(): Promise<void> {
    this.destroy();
    return this.closed;
  }
}
