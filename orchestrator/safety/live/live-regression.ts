import { mean, sampleSd } from '../acceptance/statistics.js';
import type { LiveSafety } from '../target-safety.js';
import type { LiveWindow } from './measure-command.js';

/** The live windows of one config (commits with identical params are one config). */
export interface LiveConfigRecord {
  /** Its most recent commit (what a revert restores). */
  commit: string;
  /** Every commit with this config. */
  commits: string[];
  pnl: number[];
  meanPnl: number;
}

/** What the regression watch concluded. */
export interface LiveVerdict {
  /** The config in force. */
  head: LiveConfigRecord;
  /** Whether it has run enough windows to be judged. */
  enough: boolean;
  /** The best other config with enough windows, if any. */
  best: LiveConfigRecord | null;
  /** k × the standard error of the difference in means (Welch), or null. */
  threshold: number | null;
  /** True: the config in force earns less than the best known one by more than the noise. */
  regression: boolean;
  /** For people. */
  reason: string;
}

const usd = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;

/**
 * Judges the config in force on a live target: it needs `live.windows` live windows before it is
 * judged; then it regresses when its mean PnL per window is below the best other config's (with at
 * least as many windows) by more than `k` standard errors of the difference. Pure.
 *
 * @param configOf the config key of a window's commit (commits with the same params share one),
 *   or undefined for a commit not in the repo's history (its windows are ignored).
 * @param head the commit in force (HEAD).
 */
export function judgeLive(windows: readonly LiveWindow[], head: string, configOf: (commit: string) => string | undefined, live: Pick<LiveSafety, 'windows' | 'k'>): LiveVerdict {
  const byConfig = new Map<string, LiveConfigRecord>();
  const headKey = configOf(head);
  for (const w of windows) {
    const key = configOf(w.commit);
    if (key === undefined) continue;
    const rec = byConfig.get(key) ?? { commit: w.commit, commits: [], pnl: [], meanPnl: NaN };
    if (!rec.commits.includes(w.commit)) rec.commits.push(w.commit);
    rec.commit = w.commit;
    rec.pnl.push(w.pnl);
    byConfig.set(key, rec);
  }
  for (const r of byConfig.values()) r.meanPnl = mean(r.pnl);
  const headRec = (headKey !== undefined ? byConfig.get(headKey) : undefined) ?? { commit: head, commits: [head], pnl: [], meanPnl: NaN };
  if (headRec.pnl.length < live.windows) {
    return { head: headRec, enough: false, best: null, threshold: null, regression: false, reason: `the config in force (${head.slice(0, 7)}) has run ${headRec.pnl.length} of the ${live.windows} live windows it needs before it is judged` };
  }
  let best: LiveConfigRecord | null = null;
  for (const [key, r] of byConfig) if (key !== headKey && r.pnl.length >= live.windows && (!best || r.meanPnl > best.meanPnl)) best = r;
  if (!best) return { head: headRec, enough: true, best: null, threshold: null, regression: false, reason: `no other config has ${live.windows} live windows to compare with; mean ${usd(headRec.meanPnl)}/window over ${headRec.pnl.length}` };
  const se = Math.sqrt(sampleSd(headRec.pnl) ** 2 / headRec.pnl.length + sampleSd(best.pnl) ** 2 / best.pnl.length);
  const threshold = live.k * se;
  const regression = headRec.meanPnl < best.meanPnl - threshold;
  const reason = `live: the config in force (${head.slice(0, 7)}) made ${usd(headRec.meanPnl)}/window over ${headRec.pnl.length} windows, the best known config (${best.commit.slice(0, 7)}) ${usd(best.meanPnl)}/window over ${best.pnl.length}; ${regression ? 'a regression beyond' : 'within'} ${live.k} × noise ${se.toFixed(4)}`;
  return { head: headRec, enough: true, best, threshold, regression, reason };
}
