import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Logger } from '../../../logging/logger.js';
import type { WebhookOptions } from '../options.js';
import type { DeliveryRecord, MessageRecord, SubscriptionRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { chatMessageWire, nowIso } from '../wire.js';
import { matchesSubscription } from './filter.js';
import { resolveReceiver, type ResolvedReceiver } from './receiver-guard.js';
import { signWebhook } from './signature.js';

const BATCH = 32;
const IDLE_WAKE_MS = 60_000;

/**
 * Webhook delivery (`webhooks.rs`): the send path only queues rows (SQLite, so queued retries
 * survive a restart); a worker POSTs
 * `{"type":"clawchat.message.created","subscription_id","room_id","message":ChatMessage}` with
 * headers `webhook-id`, `webhook-timestamp`, `webhook-signature`. Deliveries are ordered per
 * subscription (one in flight, oldest seq first). A 2xx advances the subscription's cursor; a
 * failure is retried after each of `retryDelaysMs` (1/4/16/64/256 s upstream), then the
 * subscription is marked `failed` until `enable_subscription` replays its backlog.
 */
export class WebhookDispatcher {
  private closed = false;
  private wakeUp: (() => void) | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly inFlight = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly options: WebhookOptions,
    private readonly logger: Logger,
  ) {}

  /** Starts the delivery worker. */
  start(): void {
    this.running ??= this.run();
  }

  /** Stops the worker (an in-flight POST finishes or times out). */
  async close(): Promise<void> {
    this.closed = true;
    this.inFlight.abort();
    this.wake();
    await this.running;
  }

  /** Wakes the worker (after queueing). */
  wake(): void {
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.sleepTimer = undefined;
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  /**
   * Checks a receiver URL as the worker will (used by `subscribe`).
   *
   * @throws Error with the reason.
   */
  async checkReceiver(url: string): Promise<void> {
    await resolveReceiver(url, this.options.allowPrivateReceivers);
  }

  /** Queues a stored message for every matching active subscription of its room. */
  enqueueForMessage(msg: MessageRecord): void {
    let queued = 0;
    try {
      for (const sub of this.store.subscriptions.active(msg.roomId)) {
        if (matchesSubscription(sub, msg) && this.queue(sub, msg)) queued += 1;
      }
    } catch (err) {
      this.logger.warn({ err }, 'clawchat: webhook enqueue failed');
    }
    if (queued > 0) this.wake();
  }

  /** Queues the stored backlog (seq > the subscription's cursor) of a subscription, at most 1000 rows. */
  enqueueBacklog(sub: SubscriptionRecord): void {
    let queued = 0;
    for (const msg of this.store.messages.history(sub.roomId, { limit: 1000, sinceSeq: sub.lastDeliveredSeq })) {
      if (matchesSubscription(sub, msg) && this.queue(sub, msg)) queued += 1;
    }
    if (queued > 0) this.wake();
  }

  private queue(sub: SubscriptionRecord, msg: MessageRecord): boolean {
    return this.store.deliveries.enqueue({
      deliveryId: randomUUID(),
      subscriptionId: sub.subscriptionId,
      messageSeq: msg.seq,
      messageId: msg.messageId,
      nextAttemptAt: nowIso(),
      attempts: 0,
    });
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      let due: DeliveryRecord[];
      try {
        due = this.store.deliveries.due(nowIso(), BATCH);
      } catch (err) {
        if (this.closed) return;
        this.logger.warn({ err }, 'clawchat: webhook queue read failed');
        await this.sleep(5_000);
        continue;
      }
      if (due.length === 0) {
        const earliest = this.store.deliveries.earliest();
        const delay = earliest ? Math.min(IDLE_WAKE_MS, Math.max(0, Date.parse(earliest) - Date.now())) : IDLE_WAKE_MS;
        await this.sleep(delay);
        continue;
      }
      await Promise.all(
        due.map((d) =>
          this.deliver(d).catch((err: unknown) => {
            if (!this.closed) this.logger.warn({ err }, 'clawchat: webhook delivery failed');
          }),
        ),
      );
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      this.sleepTimer = setTimeout(() => this.wake(), ms);
      this.sleepTimer.unref();
    });
  }

  private async deliver(d: DeliveryRecord): Promise<void> {
    const sub = this.store.subscriptions.get(d.subscriptionId);
    if (!sub || sub.status !== 'active') {
      this.store.deliveries.delete(d.deliveryId);
      return;
    }
    const msg = this.store.messages.get(d.messageId);
    if (!msg) {
      this.store.deliveries.delete(d.deliveryId);
      return;
    }
    const webhookId = randomUUID();
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      type: 'clawchat.message.created',
      subscription_id: sub.subscriptionId,
      room_id: sub.roomId,
      message: chatMessageWire(msg),
    });
    let receiver: ResolvedReceiver;
    try {
      receiver = await resolveReceiver(sub.webhookUrl, this.options.allowPrivateReceivers);
    } catch (err) {
      if (this.closed) return;
      this.logger.warn({ subscription: sub.subscriptionId, err: (err as Error).message }, 'clawchat: webhook receiver refused');
      this.fail(sub, d.attempts + 1);
      return;
    }
    if (this.closed) return;
    const outcome = await post(receiver, body, {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(sub.secret, webhookId, timestamp, body),
    }, this.options.requestTimeoutMs, this.inFlight.signal);
    if (this.closed) return;
    if (outcome === undefined) {
      this.store.deliveries.delete(d.deliveryId);
      this.store.subscriptions.advanceCursor(sub.subscriptionId, d.messageSeq);
      return;
    }
    const attempts = d.attempts + 1;
    const delay = this.options.retryDelaysMs[attempts - 1];
    if (delay === undefined) {
      this.logger.warn({ subscription: sub.subscriptionId, seq: d.messageSeq, error: outcome }, 'clawchat: webhook failed permanently');
      this.fail(sub, attempts);
      return;
    }
    this.store.deliveries.reschedule(d.deliveryId, new Date(Date.now() + delay).toISOString(), attempts, outcome);
  }

  private fail(sub: SubscriptionRecord, attempts: number): void {
    this.store.subscriptions.setStatus(sub.subscriptionId, 'failed', attempts);
    this.store.deliveries.deleteOf(sub.subscriptionId);
  }
}

/**
 * POSTs `body` to the pinned receiver.
 *
 * @returns undefined on a 2xx answer, else the error text.
 */
function post(
  receiver: ResolvedReceiver,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<string | undefined> {
  const pinned: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: receiver.address, family: receiver.family }]);
    else cb(null, receiver.address, receiver.family);
  };
  const mod = receiver.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = mod.request(
      receiver.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'itercrew-clawchat-webhook' },
        lookup: pinned,
        timeout: timeoutMs,
        signal,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? undefined : `HTTP ${status}`);
        });
        res.on('error', (err) => resolve(`transport: ${err.message}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve(`transport: ${err.message}`));
    req.end(body);
  });
}
