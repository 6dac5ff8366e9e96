import type { Logger } from 'pino';
import { silentLogger } from '../logging/logger.js';
import { writeReport } from './write-report.js';

/**
 * Rewrites a target's HTML report, `<runsDir>/<target>/report.html`, from its run log; the
 * conductor calls it after every iteration. Never throws: a failure is logged (warn) and gives
 * null, so a report problem can never fail an iteration.
 *
 * @returns the report's path, or null when it could not be written.
 */
export async function refreshReport(runsDir: string, target: string, options: { logger?: Logger } = {}): Promise<string | null> {
  try {
    return (await writeReport({ runsDir, target, format: 'html' })).file;
  } catch (err) {
    (options.logger ?? silentLogger).warn({ err, target }, 'could not refresh the report');
    return null;
  }
}
