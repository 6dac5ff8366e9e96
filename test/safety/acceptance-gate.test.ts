import { readFile } from 'node:fs/promises';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import { judgeDifferences } from '../../orchestrator/safety/acceptance/acceptance-test.js';
import { seedFromText } from '../../orchestrator/safety/acceptance/statistics.js';
import { makeSafetyHarness, ofType, type SafetyHarness } from './helpers/harness.js';
import { KNOB_SEED, writeKnobTarget, writeScript } from './helpers/knob-target.js';

const harnesses: SafetyHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.cleanup();
});

const TEAM = [{ role: 'tuner', runtime: 'scripted' }];

/** The noise pattern of test/safety/fixtures/knob-evaluate.mjs: one unit of `jitter` adds s(w) to window w. */
const s = (w: number): number => (w % 2 === 0 ? 1 : -1) * (1 + 0.1 * (w % 7)) + 0.1;
/** Iteration 1's validation windows on the knob target (8 held out before segment 12, after in-sample 0..3). */
const VALIDATION = [4, 5, 6, 7, 8, 9, 10, 11];

/** One real iteration of the knob target whose single scripted tuner proposes `changes` (so the team decides exactly that). */
async function decide(changes: Record<string, number>, acceptance: Record<string, unknown>) {
  const h = await makeSafetyHarness({ target: (dir) => writeKnobTarget(dir) });
  harnesses.push(h);
  await writeScript(h.runsDir, 'tuner-1', [changes]);
  const conductor = await h.open(h.settings({ team: TEAM, safety: { acceptance } }));
  const result = await conductor.runIteration();
  const { events } = await conductor.runLog.read();
  const gate = ofType(events, 'acceptance_checked', result.iterationId);
  expect(gate, result.reason).toHaveLength(1);
  return { h, result, events, gate: gate[0]!, conductor };
}

const config = async (h: SafetyHarness) => JSON.parse(await readFile(h.target.configPath, 'utf8')) as Record<string, number>;

/** The decided commit and its revert are both in the history, newest first; the config is back where it was. */
async function expectRevertedInHistory(h: SafetyHarness, events: Awaited<ReturnType<typeof decide>>['events'], result: Awaited<ReturnType<typeof decide>>['result'], changes: Record<string, number>) {
  expect(result.status, result.reason).toBe('reverted');
  const committed = ofType(events, 'config_committed', result.iterationId);
  expect(committed.map((e) => e.commit)).toEqual([result.commit]);
  const reverted = ofType(events, 'config_reverted', result.iterationId);
  expect(reverted).toHaveLength(1);
  expect(reverted[0]).toMatchObject({ by: 'gate', reverted: result.commit });
  expect(reverted[0]!.diff).toEqual(Object.entries(changes).map(([param, v]) => ({ param, old: v, new: KNOB_SEED[param as keyof typeof KNOB_SEED] })));
  const git = simpleGit(h.target.repoDir);
  const log = await git.log();
  expect(log.all.map((c) => c.hash)).toEqual([reverted[0]!.commit, result.commit!, log.all[2]!.hash]); // seed, decided, revert
  expect(log.all[0]!.body).toContain(`This reverts commit ${result.commit}.`);
  expect(log.all[0]!.body).toContain(`Itercrew-Reverts: ${result.commit}`);
  // The decided commit really carried the change; the config in force is the seed again.
  expect(JSON.parse(await git.show([`${result.commit}:params.json`]))).toEqual({ ...KNOB_SEED, ...changes });
  expect(await config(h)).toEqual(KNOB_SEED);
  expect((await git.status()).isClean()).toBe(true);
  // The live segment is measured with the config in force (the seed).
  const pnl = ofType(events, 'pnl_measured', result.iterationId)[0]!;
  expect(pnl.baselinePnl).toBe(pnl.pnl);
}

describe('acceptance gate on validation windows (real iterations: scripted tuner, real git, real chat)', () => {
  it('mad: a change whose gain is within k × MAD noise is discarded and undone with git revert; the statistics are recorded', async () => {
    const { h, result, events, gate, conductor } = await decide({ jitter: 4 }, { method: 'mad', k: 2 });
    const diffs = VALIDATION.map((w) => 4 * s(w));
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    expect(gate).toMatchObject({ kept: false, method: 'mad', k: 2, n: 8, validation: { from: 4, to: 12 }, sdEstimator: 'mad', guardrails: [] });
    gate.perWindowDiff!.forEach((d, i) => expect(d).toBeCloseTo(diffs[i]!, 9));
    // A real but small gain (+0.55/window) that the noise (≈ ±5/window) swamps.
    expect(gate.meanDiff).toBeCloseTo(mean, 9);
    expect(gate.meanDiff).toBeGreaterThan(0);
    expect(gate.threshold).toBeGreaterThan(gate.meanDiff!);
    expect(gate.threshold).toBeCloseTo(2 * gate.standardError!, 9);
    expect(gate.standardError).toBeCloseTo(gate.sd! / Math.sqrt(8), 9);
    expect(gate.decidedValue! - gate.currentValue!).toBeCloseTo(mean * 8, 9);
    expect(gate.reason).toBe(`acceptance gate on validation windows 4..11: ${judgeDifferences(diffs, { method: 'mad', k: 2, confidence: 0.95, resamples: 2000 }).summary}`);
    expect(result.reason).toMatch(/; discarded — acceptance gate on validation windows 4\.\.11: mean Δ \+0\.5500\/window over 8 windows ≤ 2 × noise [\d.]+ \(MAD\); [0-9a-f]{7} reverted by [0-9a-f]{7}/);
    await expectRevertedInHistory(h, events, result, { jitter: 4 });
    // The revert is recorded after the gate's verdict, and the iteration record folds it.
    const order = events.filter((e) => e.iterationId === result.iterationId).map((e) => e.type);
    expect(order.indexOf('config_reverted')).toBeGreaterThan(order.indexOf('acceptance_checked'));
    expect((await conductor.runLog.iteration(result.iterationId))?.status).toBe('reverted');
  });

  it('mad: the same gain with the noise gone is kept (the gate is not just saying no)', async () => {
    const { h, result, gate, events } = await decide({ gain: 8 }, { method: 'mad', k: 2 });
    expect(result.status, result.reason).toBe('applied');
    expect(gate).toMatchObject({ kept: true, method: 'mad', n: 8 });
    expect(gate.meanDiff).toBeCloseTo(3, 9);
    expect(ofType(events, 'config_reverted')).toEqual([]);
    expect(await config(h)).toEqual({ ...KNOB_SEED, gain: 8 });
  });

  it('bootstrap: a clear winner is kept, noise is discarded and reverted', async () => {
    const BOOT = { method: 'bootstrap', confidence: 0.95, resamples: 2000 };
    const win = await decide({ gain: 8, jitter: 1 }, BOOT);
    expect(win.result.status, win.result.reason).toBe('applied');
    expect(win.gate).toMatchObject({ kept: true, method: 'bootstrap', confidence: 0.95, resamples: 2000, n: 8, seed: seedFromText(win.result.iterationId) });
    expect(win.gate.lowerBound).toBeGreaterThan(0);
    expect(win.gate.meanDiff).toBeCloseTo(3 + VALIDATION.reduce((a, w) => a + s(w), 0) / 8, 9);
    expect(win.result.reason).toMatch(/; kept — acceptance gate on validation windows 4\.\.11: mean Δ \+3\.\d{4}\/window over 8 windows; 95 % bootstrap lower bound \+\d\.\d{4} > 0/);
    expect(ofType(win.events, 'config_reverted')).toEqual([]);
    expect(await config(win.h)).toEqual({ ...KNOB_SEED, gain: 8, jitter: 1 });

    const noise = await decide({ jitter: 4 }, BOOT);
    expect(noise.gate).toMatchObject({ kept: false, method: 'bootstrap', n: 8 });
    expect(noise.gate.meanDiff).toBeGreaterThan(0);
    expect(noise.gate.lowerBound).toBeLessThanOrEqual(0);
    expect(noise.result.reason).toMatch(/discarded — .*95 % bootstrap lower bound -\d\.\d{4} ≤ 0/);
    await expectRevertedInHistory(noise.h, noise.events, noise.result, { jitter: 4 });
  });

  it('bootstrap: the same iteration id judges the same (seeded by the id), whatever runs it', async () => {
    const BOOT = { method: 'bootstrap', confidence: 0.9, resamples: 500 };
    const a = await decide({ gain: 7, jitter: 3 }, BOOT);
    const b = await decide({ gain: 7, jitter: 3 }, BOOT);
    expect(a.result.iterationId).toBe(b.result.iterationId);
    expect(a.gate.seed).toBe(seedFromText(a.result.iterationId));
    const pick = (g: typeof a.gate) => ({ kept: g.kept, seed: g.seed, lowerBound: g.lowerBound, meanDiff: g.meanDiff, perWindowDiff: g.perWindowDiff, reason: g.reason });
    expect(pick(b.gate)).toEqual(pick(a.gate));
    // The seed matters: other seeds give other bounds for these differences, so equal bounds are not a coincidence.
    const other = [1, 2, 3].map((seed) => judgeDifferences(a.gate.perWindowDiff!, { method: 'bootstrap', k: 2, confidence: 0.9, resamples: 500 }, seed).lowerBound);
    expect(other.some((x) => x !== a.gate.lowerBound)).toBe(true);
    expect(judgeDifferences(a.gate.perWindowDiff!, { method: 'bootstrap', k: 2, confidence: 0.9, resamples: 500 }, a.gate.seed).lowerBound).toBe(a.gate.lowerBound);
  });
});
