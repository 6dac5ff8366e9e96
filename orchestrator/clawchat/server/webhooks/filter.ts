import type { MessageRecord, SubscriptionRecord } from '../store/records.js';

function metaString(metadata: unknown, key: string): string | undefined {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return undefined;
  const v = (metadata as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Whether a stored message is delivered to a subscription (`webhooks.rs matches_filter`):
 * seq above the delivered cursor; never `metadata.type == "system"`; thinking pulses unless
 * `exclude_thinking`; `kinds` (OR) against `metadata.kind`; `only_from` / `not_from` against
 * the sender's name. Fields combine with AND.
 */
export function matchesSubscription(sub: SubscriptionRecord, msg: MessageRecord): boolean {
  if (msg.seq <= sub.lastDeliveredSeq) return false;
  const type = metaString(msg.metadata, 'type');
  if (type === 'system') return false;
  if (sub.excludeThinking && type === 'thinking') return false;
  if (sub.kinds.length > 0) {
    const kind = metaString(msg.metadata, 'kind');
    if (kind === undefined || !sub.kinds.includes(kind)) return false;
  }
  if (sub.onlyFrom != null && msg.agentName !== sub.onlyFrom) return false;
  if (sub.notFrom != null && msg.agentName === sub.notFrom) return false;
  return true;
}
