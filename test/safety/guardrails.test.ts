import { readFile } from 'node:fs/promises';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import { readParams } from '../../orchestrator/target/config-file/config-file.js';
import { makeSafetyHarness, ofType, type SafetyHarness } from './helpers/harness.js';
import { writeGuardedTarget } from './helpers/targets.js';

let h: SafetyHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const GATE = { acceptance: { method: 'mad', k: 2 } };
const TEAM = [{ role: 'tuner', runtime: 'local', heuristic: 'coordinate' }];

/** One real iteration of the guarded target with a local coordinate tuner (it raises `size`, which earns more on every window). */
async function iterate(guardrails: Record<string, number>) {
  h = await makeSafetyHarness({ target: (dir) => writeGuardedTarget(dir, guardrails) });
  const conductor = await h.open(h.settings({ team: TEAM, safety: GATE }));
  const result = await conductor.runIteration();
  const { events } = await conductor.runLog.read();
  return { result, events, conductor };
}

describe('guardrails veto a config whatever its PnL (real iterations, local agents, guarded target)', () => {
  it('without guardrails the bigger size beats the noise on the validation windows and is kept', async () => {
    const { result, events } = await iterate({});
    expect(result.status, result.reason).toBe('applied');
    const gate = ofType(events, 'acceptance_checked', result.iterationId)[0]!;
    expect(gate).toMatchObject({ kept: true, method: 'mad', n: 4, validation: { from: 4, to: 8 }, guardrails: [] });
    expect(gate.meanDiff).toBeGreaterThan(0);
    expect(result.reason).toMatch(/kept — acceptance gate on validation windows 4\.\.7: mean Δ \+\d/);
    expect(ofType(events, 'config_reverted')).toEqual([]);
    expect((await readParams(h!.target.configPath, h!.target.paramsKeys)).size).toBeGreaterThan(5);
  });

  it.each([
    ['maxOrderSize', 5, /maxOrderSize: maxOrderSize \d+ > 5 \(an order above the size cap\)/],
    ['maxInventory', 15, /maxInventory: maxInventory \d+ > 15 \(exposure above the cap\)/],
    ['maxDrawdown', 10, /maxDrawdown: maxDrawdown \d+ > 10 \(drawdown above the cap\)/],
    ['maxPairCost', 0.955, /maxPairCost: maxPairCost 0\.9\d+ ≥ 0\.955 \(a pair that can only lose\)/],
    ['minTrades', 70, /minTrades: trades \d+ < 70 \(too few trades to trust the PnL\)/],
  ])('%s vetoes the decided change: reverted with git revert, the config back to the seed', async (name, limit, message) => {
    const { result, events } = await iterate({ [name]: limit });
    expect(result.status, result.reason).toBe('reverted');
    expect(result.reason).toMatch(message);
    const gate = ofType(events, 'acceptance_checked', result.iterationId)[0]!;
    expect(gate.kept).toBe(false);
    expect(gate.meanDiff).toBeGreaterThan(gate.threshold!); // the noise test alone would have kept it
    const check = gate.guardrails.find((g) => g.name === name)!;
    expect(check).toMatchObject({ ok: false, limit });
    const reverted = ofType(events, 'config_reverted', result.iterationId)[0]!;
    expect(reverted).toMatchObject({ by: 'gate', reverted: result.commit });
    // History shows both: the decided commit and its revert; the config is the seed again.
    const log = await simpleGit(h!.target.repoDir).log();
    expect(log.all.map((c) => c.hash).slice(0, 2)).toEqual([reverted.commit, result.commit]);
    expect(log.all[0]!.body).toContain(`This reverts commit ${result.commit}.`);
    expect(JSON.parse(await readFile(h!.target.configPath, 'utf8'))).toEqual({ size: 5, edge: 0.5 });
    // The live segment is measured with the config in force (the seed) and says so.
    const pnl = ofType(events, 'pnl_measured', result.iterationId)[0]!;
    expect(pnl.baselinePnl).toBe(pnl.pnl);
  });
});
