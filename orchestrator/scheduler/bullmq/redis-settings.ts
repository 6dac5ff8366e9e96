import { z } from 'zod';
import { SchedulerError } from '../errors/index.js';
import { DurationSchema } from '../duration.js';

/**
 * `redis` in the settings: BullMQ mode. With a URL here (or `--redis <url>`, or
 * `ITERCREW_REDIS_URL`), `itercrew start` keeps a BullMQ job scheduler per target and iterations
 * run in `itercrew worker` processes. BullMQ's own terms: a job whose worker stops renewing its
 * lock is *stalled* and is moved back to wait (or to failed after `maxStalledCount` stalls).
 */
export const RedisSettingsSchema = z.strictObject({
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). Default: none (overridden by the flag and the environment). */
  url: z.string().optional(),
  /** Prefix of every BullMQ key. Default `itercrew`. */
  prefix: z.string().regex(/^[A-Za-z0-9._-]+$/).default('itercrew'),
  /** A job's lock lasts this long unless its worker renews it (BullMQ `lockDuration`). Default 30 s. */
  lockDuration: DurationSchema.default(30_000),
  /** How often workers look for stalled jobs (BullMQ `stalledInterval`). Default 30 s. */
  stalledInterval: DurationSchema.default(30_000),
  /** Stalls a job survives before it is failed (BullMQ `maxStalledCount`). Default 1: a job is retried once after its worker died. */
  maxStalledCount: z.number().int().nonnegative().default(1),
  /** Finished jobs kept in Redis per target queue (completed and failed each). Default 1000. */
  keepJobs: z.number().int().nonnegative().default(1_000),
});
export type RedisSettings = z.infer<typeof RedisSettingsSchema>;

/** Defaults of every field but `url`. */
export const DEFAULT_REDIS_SETTINGS: RedisSettings = RedisSettingsSchema.parse({});

/** Environment variable that gives the Redis URL when no `--redis` flag does. */
export const REDIS_URL_ENV = 'ITERCREW_REDIS_URL';

/**
 * The Redis URL a command uses: `--redis <url>`, else `ITERCREW_REDIS_URL`, else the settings'
 * `redis.url`; null when none (the embedded mode).
 *
 * @throws SchedulerError `redis_unavailable` for a URL that is not `redis://` or `rediss://`.
 */
export function resolveRedisUrl(flag: string | undefined, settings: { redis?: { url?: string } }, env: NodeJS.ProcessEnv = process.env): string | null {
  const url = flag ?? (env[REDIS_URL_ENV] || undefined) ?? settings.redis?.url ?? null;
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SchedulerError('redis_unavailable', `not a Redis URL: ${JSON.stringify(url)} (write redis://host:6379)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new SchedulerError('redis_unavailable', `not a Redis URL: ${JSON.stringify(url)} (redis:// or rediss://)`);
  return url;
}

/** A URL with its password hidden, for logs and messages. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
