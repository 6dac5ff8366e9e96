import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { silentLogger } from '../../logging/logger.js';
import { SchedulerError } from '../errors/index.js';
import { redactRedisUrl } from './redis-settings.js';

/** Options of {@link connectRedis}. */
export interface ConnectRedisOptions {
  /** Give up on the first connection after this long (ms). Default 10 000. */
  connectTimeoutMs?: number;
  /** CLIENT SETNAME of the connection (shows in `CLIENT LIST`). Default `itercrew`. */
  name?: string;
  /** Logger for connection losses and reconnects. Default silent. */
  logger?: Logger;
}

/**
 * Opens the process's Redis connection for BullMQ (ioredis; BullMQ duplicates it for its blocking
 * commands). After the first connection it reconnects for ever (ioredis's back-off, at most 2 s
 * apart) and queues commands meanwhile (`maxRetriesPerRequest: null`, as BullMQ workers need), so
 * a Redis restart only pauses workers and schedulers.
 *
 * @throws SchedulerError `redis_unavailable` when the first connection fails or times out.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<Redis> {
  const logger = options.logger ?? silentLogger;
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectionName: options.name ?? 'itercrew',
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  let wasReady = false;
  redis.on('ready', () => {
    if (wasReady) logger.warn({ redis: redactRedisUrl(url) }, 'reconnected to Redis');
    wasReady = true;
  });
  redis.on('error', (err: Error) => {
    if (wasReady) logger.warn({ err: err.message, redis: redactRedisUrl(url) }, 'Redis connection problem (retrying)');
  });
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    redis.disconnect();
    throw new SchedulerError('redis_unavailable', `cannot connect to Redis at ${redactRedisUrl(url)}: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
  return redis;
}
