import { randomUUID } from 'node:crypto';
import { ClawChatError } from '../../errors/clawchat-error.js';
import type { SubscriptionRecord } from '../store/records.js';
import { nowIso, subscriptionWire } from '../wire.js';
import { readableRoom } from './access.js';
import { ok, type CommandHandler } from './handler.js';

/**
 * `subscribe` → Subscription (no secret). The URL must be http(s) and (unless the server allows
 * private receivers) resolve to public addresses; a secret is required; the room must be
 * readable. `since_seq` defaults to the room's tip (future messages only); the stored backlog
 * after it is queued at once.
 */
export const subscribe: CommandHandler<'subscribe'> = async (ctx, caller, p) => {
  const lower = p.webhook_url.toLowerCase();
  if (!lower.startsWith('http://') && !lower.startsWith('https://')) {
    throw new ClawChatError('invalid_payload', 'webhook_url must be http(s)');
  }
  if (p.secret.length === 0) throw new ClawChatError('invalid_payload', 'secret is required');
  const room = readableRoom(ctx, caller, p.room_id);
  try {
    await ctx.webhooks.checkReceiver(p.webhook_url);
  } catch (err) {
    throw new ClawChatError('invalid_payload', (err as Error).message);
  }
  const sinceSeq = p.since_seq ?? ctx.rooms.tip(room);
  const sub: SubscriptionRecord = {
    subscriptionId: randomUUID(),
    roomId: room.roomId,
    ownerKeyHash: caller.keyHash,
    webhookUrl: p.webhook_url,
    secret: p.secret,
    kinds: p.kinds,
    onlyFrom: p.only_from ?? null,
    notFrom: p.not_from ?? null,
    excludeThinking: p.exclude_thinking,
    sinceSeq,
    lastDeliveredSeq: sinceSeq,
    status: 'active',
    failureCount: 0,
    createdAt: nowIso(),
  };
  ctx.store.subscriptions.insert(sub);
  if (!room.ephemeral) ctx.webhooks.enqueueBacklog(sub);
  return ok(subscriptionWire(sub));
};

/** `unsubscribe` → `{deleted:true}`; `access_denied` if not found or not the caller's key's. */
export const unsubscribe: CommandHandler<'unsubscribe'> = (ctx, caller, p) => {
  if (!ctx.store.subscriptions.delete(p.subscription_id, caller.keyHash)) {
    throw new ClawChatError('access_denied', 'Subscription not found or not yours');
  }
  return ok({ deleted: true });
};

/** `list_subscriptions` → `{subscriptions}` owned by the caller's key, optionally of one room. */
export const listSubscriptions: CommandHandler<'list_subscriptions'> = (ctx, caller, p) => {
  return ok({ subscriptions: ctx.store.subscriptions.list(caller.keyHash, p.room_id).map(subscriptionWire) });
};

/**
 * `enable_subscription` → `{subscription_id, status:"active"}`: re-arms a subscription (failure
 * count reset) and replays its backlog since the last successful delivery.
 */
export const enableSubscription: CommandHandler<'enable_subscription'> = (ctx, caller, p) => {
  const sub = ctx.store.subscriptions.get(p.subscription_id);
  if (!sub) throw new ClawChatError('access_denied', 'Subscription not found');
  if (sub.ownerKeyHash !== caller.keyHash) throw new ClawChatError('access_denied', 'Not your subscription');
  ctx.store.subscriptions.setStatus(sub.subscriptionId, 'active', 0);
  ctx.webhooks.enqueueBacklog({ ...sub, status: 'active', failureCount: 0 });
  return ok({ subscription_id: sub.subscriptionId, status: 'active' });
};
