import { nowMs, quantile } from './stats.js';

/**
 * One system under test for the fan-out benchmark: a publisher and `receivers` subscribers on
 * one channel (a ClawChat room, a Redis channel). `publish` resolves when the system accepted the
 * message (ClawChat: the `send_message` reply; Redis: the PUBLISH reply).
 */
export interface FanoutSystem {
  name: string;
  publish(payload: string): Promise<unknown>;
  /** Registers the delivery callback of every receiver (called with the payload as sent). */
  onDelivery(deliver: (receiver: number, payload: string) => void): void;
  close(): Promise<void>;
}

/** What one fan-out run measured. */
export interface FanoutResult {
  /** Messages sent. */
  messages: number;
  /** Messages per second: sent / (first send → last delivery to the last receiver). */
  perSecond: number;
  /** Delivery latency (send → receipt by one receiver), ms: p50, p99, max over every delivery. */
  p50: number;
  p99: number;
  max: number;
}

/**
 * Sends `messages` messages (each carrying its send time), either paced at `ratePerSecond` or as
 * fast as the system delivers them with at most `window` messages not yet delivered to every
 * receiver (end-to-end flow control: a ClawChat server drops an agent that lets 256 frames pile
 * up, so an open-loop blast would only measure who gets dropped first); waits until every
 * receiver has every message; returns throughput and latency. Each payload is
 * `index|sentAtMs|padding` (`bytes` long).
 */
export async function runFanout(
  system: FanoutSystem,
  receivers: number,
  options: { messages: number; window?: number; ratePerSecond?: number; bytes: number },
): Promise<FanoutResult> {
  const latencies: number[] = [];
  const perMessage = new Uint8Array(options.messages);
  const perReceiver = new Array<number>(receivers).fill(0);
  let delivered = 0;
  let completed = 0;
  const expected = options.messages * receivers;
  let allDone!: () => void;
  const allDelivered = new Promise<void>((resolve) => (allDone = resolve));
  let wakeSender: (() => void) | undefined;
  let lastDelivery = 0;
  system.onDelivery((receiver, payload) => {
    const t = nowMs();
    const bar1 = payload.indexOf('|');
    const bar2 = payload.indexOf('|', bar1 + 1);
    const index = Number(payload.slice(0, bar1));
    latencies.push(t - Number(payload.slice(bar1 + 1, bar2)));
    perReceiver[receiver] += 1;
    delivered += 1;
    lastDelivery = t;
    if (++perMessage[index] === receivers) {
      completed += 1;
      wakeSender?.();
    }
    if (delivered === expected) allDone();
  });
  const pad = 'x'.repeat(Math.max(0, options.bytes - 32));
  const window = options.window ?? Infinity;
  const started = nowMs();
  const replies: Array<Promise<unknown>> = [];
  for (let i = 0; i < options.messages; i++) {
    if (options.ratePerSecond) {
      const wait = started + (i * 1000) / options.ratePerSecond - nowMs();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    while (i - completed >= window) await new Promise<void>((r) => (wakeSender = r));
    replies.push(system.publish(`${i}|${nowMs().toFixed(3)}|${pad}`));
  }
  await Promise.all(replies);
  await Promise.race([
    allDelivered,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`${system.name}: only ${delivered}/${expected} deliveries after 60 s (per receiver: ${perReceiver.join(',')})`)), 60_000).unref(),
    ),
  ]);
  return {
    messages: options.messages,
    perSecond: options.messages / ((lastDelivery - started) / 1000),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: quantile(latencies, 1),
  };
}
