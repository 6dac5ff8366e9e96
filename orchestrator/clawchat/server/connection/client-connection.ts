import { ClawChatError } from '../../errors/clawchat-error.js';
import { decodeFrame, type Frame } from '../../protocol/frame.js';
import { LineSplitter } from '../../protocol/ndjson.js';
import type { AgentSession, Outbound } from '../agents/agent-session.js';
import type { ServerContext } from '../context.js';
import { dispatchCommand } from '../handlers/index.js';
import type { Reply } from '../handlers/handler.js';
import { errorLine, eventLine, replyLine } from '../wire.js';
import type { ConnectionTransport } from './connection-transport.js';
import { disconnectAgent } from './disconnect.js';
import type { GatedOutbound } from './outbound-gate.js';
import { registerAgent } from './registration.js';

/**
 * One client connection (`server.rs connection_loop`), over any {@link ConnectionTransport}.
 *
 * - Inbound bytes are split into lines (1 MiB cap, UTF-8; a fault drops the connection) and
 *   handled one at a time, in order. A line that is not a Frame gets `invalid_payload` without
 *   `reply_to`.
 * - Before registration: each line must arrive within `registerTimeoutMs`; `ping` gets `pong`,
 *   `register` registers, anything else gets `not_registered`.
 * - After: `pong` is ignored, every other frame is a command ({@link dispatchCommand}). A
 *   heartbeat `ping` goes out every `heartbeatIntervalMs`; a peer silent for
 *   `heartbeatTimeoutMs` is dropped.
 * - Outbound frames queue behind the transport's backpressure; more than
 *   `outboundQueueFrames` waiting drops the connection (a lagging agent).
 * - While the store has uncommitted message rows, outbound frames wait in the server's
 *   OutboundGate and leave, in order, once the rows are committed.
 */
export class ClientConnection implements Outbound, GatedOutbound {
  private state: 'unregistered' | 'registered' | 'closing' | 'closed' = 'unregistered';
  private session: AgentSession | undefined;
  private readonly splitter: LineSplitter;
  private readonly inbox: string[] = [];
  private busy = false;
  private backlog: string[] | undefined;
  private lastInbound = Date.now();
  private idleTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;

  /**
   * @param ctx the server.
   * @param transport the byte pipe.
   * @param onClosed called once when the connection is finished.
   */
  constructor(
    private readonly ctx: ServerContext,
    private readonly transport: ConnectionTransport,
    private readonly onClosed: (connection: ClientConnection) => void,
  ) {
    this.splitter = new LineSplitter(ctx.options.limits.maxFrameBytes, (line) => this.onLine(line));
    this.armIdle();
  }

  /** The registered agent, once registered. */
  get agent(): AgentSession | undefined {
    return this.session;
  }

  /** Feeds inbound bytes (from the transport). */
  receive(chunk: Buffer): void {
    if (this.state === 'closed' || this.state === 'closing') return;
    const fault = this.splitter.push(chunk);
    if (fault) this.drop(fault === 'too_large' ? 'frame exceeds the size limit' : 'frame is not valid UTF-8');
  }

  /** The peer finished sending: a final unterminated line is still handled. */
  receiveEnd(): void {
    if (this.state === 'closed' || this.state === 'closing') return;
    const fault = this.splitter.end();
    if (fault) this.drop('frame is not valid UTF-8');
  }

  /** The transport closed (either side). */
  transportClosed(): void {
    this.finish();
  }

  /** Queues one frame line for the peer (held by the gate while message rows are uncommitted). */
  sendLine(line: string): void {
    if (this.state === 'closed' || this.state === 'closing') return;
    if (this.ctx.gate.holding) {
      this.ctx.gate.hold(this, line);
      return;
    }
    this.writeNow(line);
  }

  /** Writes one frame line behind the transport's backpressure (the gate calls this). */
  writeNow(line: string): void {
    if (this.state === 'closed') return;
    if (this.backlog) {
      this.backlog.push(line);
      if (this.backlog.length > this.ctx.options.limits.outboundQueueFrames) this.drop('outbound queue full (agent not reading)');
      return;
    }
    if (!this.transport.send(line)) {
      this.backlog = [];
      this.transport.onceDrain(() => this.flush());
    }
  }

  /** Drops the connection now. */
  drop(reason: string): void {
    if (this.state === 'closed') return;
    this.ctx.logger.debug({ peer: this.transport.peer, agentId: this.session?.agentId, reason }, 'clawchat: dropping connection');
    this.finish();
    this.transport.destroy();
  }

  private isOpen(): boolean {
    return this.state === 'registered' || this.state === 'unregistered';
  }

  private flush(): void {
    const pending = this.backlog;
    this.backlog = undefined;
    if (!pending) return;
    for (let i = 0; i < pending.length; i++) {
      if (this.state === 'closed') return;
      if (!this.transport.send(pending[i])) {
        this.backlog = pending.slice(i + 1);
        this.transport.onceDrain(() => this.flush());
        return;
      }
    }
  }

  private finish(): void {
    if (this.state === 'closed') return;
    const wasRegistered = this.state === 'registered';
    this.state = 'closed';
    this.splitter.stop();
    this.inbox.length = 0;
    this.backlog = undefined;
    clearTimeout(this.idleTimer);
    clearInterval(this.pingTimer);
    if (wasRegistered && this.session) {
      try {
        disconnectAgent(this.ctx, this.session);
      } catch (err) {
        this.ctx.logger.error({ err }, 'clawchat: disconnect cleanup failed');
      }
    }
    this.onClosed(this);
  }

  private armIdle(): void {
    const limit = this.state === 'registered' ? this.ctx.options.timers.heartbeatTimeoutMs : this.ctx.options.timers.registerTimeoutMs;
    const wait = this.lastInbound + limit - Date.now();
    this.idleTimer = setTimeout(() => {
      if (this.state === 'closed') return;
      const current = this.state === 'registered' ? this.ctx.options.timers.heartbeatTimeoutMs : this.ctx.options.timers.registerTimeoutMs;
      if (Date.now() - this.lastInbound >= current) {
        this.drop(this.state === 'registered' ? 'heartbeat timeout' : 'registration timed out');
      } else {
        this.armIdle();
      }
    }, Math.max(1, wait));
    this.idleTimer.unref();
  }

  private onLine(line: string): void {
    this.lastInbound = Date.now();
    if (this.busy) {
      this.inbox.push(line);
      return;
    }
    this.process(line);
  }

  private process(line: string): void {
    const pending = this.handleLine(line);
    if (!pending) return;
    this.busy = true;
    this.transport.pause();
    void pending.finally(() => {
      this.busy = false;
      if (this.state === 'closed') return;
      this.transport.resume();
      while (!this.busy && this.inbox.length > 0 && this.isOpen()) this.process(this.inbox.shift()!);
    });
  }

  private handleLine(line: string): Promise<void> | undefined {
    const decoded = decodeFrame(line);
    if (!decoded.ok) {
      this.sendLine(errorLine(undefined, 'invalid_payload', decoded.message));
      return undefined;
    }
    const frame = decoded.frame;
    if (this.state === 'unregistered') {
      this.handleUnregistered(frame);
      return undefined;
    }
    if (frame.type === 'pong') return undefined;
    let result: Reply | Promise<Reply>;
    try {
      result = dispatchCommand(this.ctx, this.session!, frame.type, frame.payload);
    } catch (err) {
      this.sendError(frame.id, err);
      return undefined;
    }
    if (result instanceof Promise) {
      return result.then(
        (reply) => this.sendLine(replyLine(frame.id, reply.type, reply.payload)),
        (err) => this.sendError(frame.id, err),
      );
    }
    this.sendLine(replyLine(frame.id, result.type, result.payload));
    return undefined;
  }

  private handleUnregistered(frame: Frame): void {
    if (frame.type === 'ping') {
      this.sendLine(replyLine(frame.id, 'pong', {}));
      return;
    }
    if (frame.type !== 'register') {
      this.sendLine(errorLine(frame.id, 'not_registered', 'Must register first'));
      return;
    }
    let outcome;
    try {
      outcome = registerAgent(this.ctx, this, frame.id, frame.payload);
    } catch (err) {
      this.sendError(frame.id, err);
      return;
    }
    if (!outcome.ok) {
      this.sendLine(errorLine(frame.id, outcome.code, outcome.message));
      if (outcome.close) this.closeAfterFlush();
      return;
    }
    this.session = outcome.session;
    this.state = 'registered';
    clearTimeout(this.idleTimer);
    this.armIdle();
    this.pingTimer = setInterval(() => this.sendLine(eventLine('ping', { heartbeat: true })), this.ctx.options.timers.heartbeatIntervalMs);
    this.pingTimer.unref();
  }

  /** Ends the transport after what was written (the gate calls this for a held end). */
  endNow(): void {
    if (this.state !== 'closed') this.transport.end();
  }

  private closeAfterFlush(): void {
    this.state = 'closing';
    this.splitter.stop();
    clearTimeout(this.idleTimer);
    if (this.ctx.gate.holding) this.ctx.gate.holdEnd(this);
    else this.transport.end();
  }

  private sendError(requestId: string | undefined, err: unknown): void {
    if (err instanceof ClawChatError) {
      this.sendLine(errorLine(requestId, err.code as never, err.message));
      return;
    }
    this.ctx.logger.error({ err }, 'clawchat: command failed');
    this.sendLine(errorLine(requestId, 'internal_error', (err as Error)?.message ?? String(err)));
  }
}
