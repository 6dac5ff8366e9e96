import { execa } from 'execa';
import type { Target } from '../target/definition/target.js';

/**
 * Runs the target's optional deploy command for `commit` (e.g. restart the bot on the new config),
 * with `ITERCREW_COMMIT` and `ITERCREW_ITERATION` in its environment.
 *
 * @returns null when it succeeded (or the target has no deploy command), else execa's short
 *   message of the failure — `the deploy was cancelled` when `signal` stopped it (the command is
 *   killed; the signal's reason is the iteration's to report).
 */
export async function runDeploy(target: Target, commit: string, iterationId: string, signal?: AbortSignal): Promise<string | null> {
  const deploy = target.deploy;
  if (!deploy) return null;
  const r = await execa(deploy.argv[0]!, deploy.argv.slice(1), {
    cwd: deploy.cwd,
    env: { ...deploy.env, ITERCREW_COMMIT: commit, ITERCREW_ITERATION: iterationId },
    timeout: deploy.timeoutMs,
    reject: false,
    cancelSignal: signal,
  });
  if (!r.failed) return null;
  if (r.isCanceled) return 'the deploy was cancelled';
  return r.shortMessage ?? 'the deploy command failed';
}
