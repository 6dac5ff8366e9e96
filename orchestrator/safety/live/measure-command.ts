import { execa } from 'execa';
import { z } from 'zod';
import type { ResolvedCommand } from '../../target/definition/target.js';
import { SafetyError } from '../errors/index.js';

/**
 * One completed live window of a running bot, as its measure command reports it: when it ended,
 * the PnL it made (quote currency), and the config commit the bot was running.
 */
export const LiveWindowSchema = z.object({
  /** End of the window (ISO 8601). */
  end: z.string().min(1),
  /** PnL of the window, e.g. USDC. */
  pnl: z.number().finite(),
  /** The config commit in force during the window (full sha, or a prefix of at least 7 characters). */
  commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'a git commit sha (7–40 hex digits)'),
});
export type LiveWindow = z.infer<typeof LiveWindowSchema>;

/**
 * The measure command's output contract (a live target's `measure:` in its definition): one JSON
 * object on stdout, `{"windows": [{"end", "pnl", "commit"}, …]}`, oldest window first — every
 * live window the bot completed (or at least those since `ITERCREW_SINCE`). itercrew runs it with
 * the target's cwd and environment plus `ITERCREW_REPO` (the target repo) and `ITERCREW_HEAD` (the
 * commit in force now).
 */
export const LiveMeasureOutputSchema = z.object({ windows: z.array(LiveWindowSchema) });

/**
 * Runs a live target's measure command and returns its live windows.
 *
 * @throws SafetyError `measure_failed` (spawn, exit code, timeout, abort) or `measure_bad_output`
 *   (not JSON, or not the schema above; the reason names each bad field).
 */
export async function readLiveWindows(command: ResolvedCommand, env: { repo: string; head: string }, signal?: AbortSignal): Promise<LiveWindow[]> {
  const r = await execa(command.argv[0]!, command.argv.slice(1), {
    cwd: command.cwd,
    env: { ...command.env, ITERCREW_REPO: env.repo, ITERCREW_HEAD: env.head },
    timeout: command.timeoutMs,
    reject: false,
    cancelSignal: signal,
    stdin: 'ignore',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.failed) throw new SafetyError('measure_failed', `the measure command failed: ${r.shortMessage}${r.stderr ? ` — ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}` : ''}`);
  let json: unknown;
  try {
    json = JSON.parse(String(r.stdout));
  } catch (err) {
    throw new SafetyError('measure_bad_output', `the measure command's output is not JSON: ${(err as Error).message}`);
  }
  const parsed = LiveMeasureOutputSchema.safeParse(json);
  if (!parsed.success) throw new SafetyError('measure_bad_output', `the measure command's output is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(output)'}: ${i.message}`).join('; ')}`);
  return parsed.data.windows;
}
