import { createHmac } from 'node:crypto';

/**
 * The webhook signature exactly as upstream computes it (`webhooks.rs sign_request`, Standard
 * Webhooks v1 layout): `v1,` + base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")).
 * The secret is used as its raw UTF-8 bytes (NOT the `whsec_` base64 form of Standard Webhooks).
 *
 * @param secret the subscription's secret.
 * @param webhookId the `webhook-id` header (a UUID per delivery).
 * @param timestamp the `webhook-timestamp` header, Unix seconds.
 * @param body the exact request body.
 */
export function signWebhook(secret: string, webhookId: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${webhookId}.${timestamp}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}
