import type { AcceptanceSettings } from '../safety-settings.js';
import { bootstrapMeanLowerBound, mean, robustSd } from './statistics.js';

/** What the acceptance test concluded from per-window differences, with the numbers behind it. */
export interface AcceptanceVerdict {
  /** True when the decided change beats the current config by more than the noise. */
  beatsNoise: boolean;
  method: 'mad' | 'bootstrap';
  /** Number of windows (differences). */
  n: number;
  /** Mean of the per-window differences decided − current (objective units per window, e.g. USDC). */
  meanDiff: number;
  /** The robust standard deviation of the differences (mad: 1.4826 × MAD, or the sample sd when the MAD is 0). */
  sd: number;
  /** Which estimator gave `sd`. */
  sdEstimator: 'mad' | 'sd';
  /** Standard error of the mean difference: sd / √n. */
  standardError: number;
  /** mad: k × standard error, the margin the mean difference must exceed. bootstrap: 0. */
  threshold: number;
  /** mad: k. */
  k?: number;
  /** bootstrap: the one-sided confidence, the resamples, the lower bound of the mean difference and the seed. */
  confidence?: number;
  resamples?: number;
  lowerBound?: number;
  seed?: number;
  /** One line for people, e.g. `mean Δ +0.214/window over 24 windows > 2 × 0.081 (MAD)`. */
  summary: string;
}

const fmt = (x: number): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(4)}` : String(x));

/**
 * Judges per-window differences `decided − current` of the objective (oriented: higher is
 * better) on windows no agent has seen.
 *
 * - `mad`: beats the noise when mean > k · sd/√n, with sd the robust standard deviation
 *   (1.4826 × MAD; the sample sd when the MAD is 0).
 * - `bootstrap`: beats the noise when the `1 − confidence` quantile of `resamples` bootstrap
 *   means (seeded with `seed`) is above 0.
 *
 * An empty list never beats the noise. Pure and deterministic.
 */
export function judgeDifferences(diffs: readonly number[], settings: Pick<AcceptanceSettings, 'k' | 'confidence' | 'resamples'> & { method: 'mad' | 'bootstrap' }, seed = 1): AcceptanceVerdict {
  const n = diffs.length;
  const meanDiff = n > 0 ? mean(diffs) : NaN;
  const { sd, estimator } = n > 0 ? robustSd(diffs) : { sd: NaN, estimator: 'sd' as const };
  const standardError = n > 0 ? sd / Math.sqrt(n) : NaN;
  if (settings.method === 'bootstrap') {
    const lowerBound = bootstrapMeanLowerBound(diffs, settings.confidence, settings.resamples, seed);
    const beatsNoise = n > 0 && lowerBound > 0;
    return {
      beatsNoise,
      method: 'bootstrap',
      n,
      meanDiff,
      sd,
      sdEstimator: estimator,
      standardError,
      threshold: 0,
      confidence: settings.confidence,
      resamples: settings.resamples,
      lowerBound,
      seed,
      summary: `mean Δ ${fmt(meanDiff)}/window over ${n} windows; ${Math.round(settings.confidence * 100)} % bootstrap lower bound ${fmt(lowerBound)} ${beatsNoise ? '>' : '≤'} 0`,
    };
  }
  const threshold = settings.k * standardError;
  const beatsNoise = n > 0 && meanDiff > threshold;
  return {
    beatsNoise,
    method: 'mad',
    n,
    meanDiff,
    sd,
    sdEstimator: estimator,
    standardError,
    threshold,
    k: settings.k,
    summary: `mean Δ ${fmt(meanDiff)}/window over ${n} windows ${beatsNoise ? '>' : '≤'} ${settings.k} × noise ${standardError.toFixed(4)} (${estimator === 'mad' ? 'MAD' : 'sd'})`,
  };
}
