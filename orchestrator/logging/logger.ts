import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Options for {@link createLogger}.
 */
export interface LoggerSettings {
  /** pino level name. Default: `ITERCREW_LOG_LEVEL` or `info`. */
  level?: string;
  /**
   * Pretty, human-readable lines (pino-pretty) instead of JSON lines.
   * Default: true when standard error is a TTY, false otherwise (JSON for machines).
   */
  pretty?: boolean;
  /** Logger name shown on every line. Default: `itercrew`. */
  name?: string;
}

/**
 * Creates the process logger. Logs go to standard error so that standard output stays free for
 * command results (tables, JSON). Pretty on a TTY, JSON lines otherwise.
 *
 * @param settings level, pretty and name; see {@link LoggerSettings}.
 * @returns a pino Logger.
 */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const level = settings.level ?? process.env.ITERCREW_LOG_LEVEL ?? 'info';
  const pretty = settings.pretty ?? Boolean(process.stderr.isTTY);
  const options: LoggerOptions = { name: settings.name ?? 'itercrew', level };
  if (pretty) {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' },
      },
    });
  }
  return pino(options, pino.destination({ fd: 2, sync: true }));
}

/** A logger that discards everything; for library callers and tests that want silence. */
export const silentLogger: Logger = pino({ level: 'silent' });

export type { Logger };
