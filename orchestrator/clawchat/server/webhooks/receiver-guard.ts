import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** A webhook receiver checked and pinned to one resolved address. */
export interface ResolvedReceiver {
  url: URL;
  address: string;
  family: 4 | 6;
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/**
 * True if `ip` is a public unicast address: not loopback, private (RFC 1918, ULA), link-local,
 * CGNAT, benchmarking, multicast, reserved or unspecified (`webhooks.rs is_public_ip`);
 * IPv4-mapped IPv6 addresses are judged by their IPv4 part.
 */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !blocked.check(ip, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return isPublicAddress(mapped[1]);
    return !blocked.check(ip, 'ipv6');
  }
  return false;
}

/**
 * Checks a webhook URL and resolves its host once, so the POST goes to the address that was
 * checked (no DNS rebinding between check and use). Only http(s), no credentials in the URL;
 * unless `allowPrivate`, `localhost` names and any non-public resolved address are refused.
 *
 * @throws Error with a reason fit for an `invalid_payload` message.
 */
export async function resolveReceiver(raw: string, allowPrivate: boolean): Promise<ResolvedReceiver> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('invalid webhook_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('webhook_url must be http(s)');
  if (url.username || url.password) throw new Error('webhook_url credentials are not allowed');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new Error('webhook_url requires a host');
  const lower = host.toLowerCase();
  if (!allowPrivate && (lower === 'localhost' || lower.endsWith('.localhost'))) throw new Error('webhook_url may not target localhost');
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  } catch (err) {
    throw new Error(`webhook host resolution failed: ${(err as Error).message}`);
  }
  if (addresses.length === 0 || (!allowPrivate && addresses.some((a) => !isPublicAddress(a.address)))) {
    throw new Error('webhook_url resolves to a private, local, or reserved address');
  }
  return { url, address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}
