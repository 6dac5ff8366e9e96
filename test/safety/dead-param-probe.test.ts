import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import type { BriefMetadata } from '../../orchestrator/iteration/room-messages.js';
import { writeReport } from '../../orchestrator/report/write-report.js';
import { makeSafetyHarness, ofType, type SafetyHarness } from './helpers/harness.js';
import { writeScript } from './helpers/knob-target.js';
import { writeIgnoringStrategyC } from './helpers/targets.js';

let h: SafetyHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const PHRASE = 'parameter appears to have no effect';
const CHANGES = { order_cooldown: 5, half_spread_base: 0.03 };

/**
 * Strategy C with `--ignore-param <ignored>` (or the real model when `ignored` is null), cut to
 * 4 in-sample windows and 1-window segments so the probe is quick (3 configs × 4 windows per
 * changed parameter).
 */
async function fastStrategyC(dir: string, ignored: string | null): Promise<string> {
  const file = await writeIgnoringStrategyC(dir, ignored ?? 'sigma');
  const def = parse(await readFile(file, 'utf8')) as Record<string, any>;
  if (ignored === null) def.evaluate.command = def.evaluate.command.filter((a: string, i: number, all: string[]) => a !== '--ignore-param' && all[i - 1] !== '--ignore-param');
  def.walkForward = { segmentWindows: 1, inSampleWindows: 4, startWindow: 4 };
  def.safety.validationWindows = 0; // the gate is off here: the probe alone
  await writeFile(file, stringify(def));
  return file;
}

/** One iteration whose scripted tuner changes exactly CHANGES, with the probe on (gate off). */
async function iterate(ignored: string | null) {
  h = await makeSafetyHarness({ target: (dir) => fastStrategyC(dir, ignored) });
  await writeScript(h.runsDir, 'tuner-1', [CHANGES]);
  const conductor = await h.open(h.settings({ team: [{ role: 'tuner', runtime: 'scripted' }], safety: { deadParameterProbe: true } }));
  const result = await conductor.runIteration();
  expect(result.status, result.reason).toBe('applied');
  const { events } = await conductor.runLog.read();
  return { conductor, result, events };
}

describe('dead-parameter probe (real iteration, scripted tuner, Strategy C)', () => {
  it('flags the parameter a Strategy C variant ignores — in the run log, the iteration, the next brief and the report — and not the one that matters', async () => {
    const { conductor, result, events } = await iterate('order_cooldown');
    const flags = ofType(events, 'parameter_flagged', result.iterationId);
    expect(flags).toHaveLength(1);
    const f = flags[0]!;
    expect(f).toMatchObject({ param: 'order_cooldown', flag: 'no_effect', decidedValue: 5, metric: 'pnl', windows: { from: 0, to: 4 } });
    expect(f.probes.map((p) => p.value)).toEqual([4, 6]);
    for (const p of f.probes) expect(p.metric).toBe(f.decidedMetric);
    expect(f.message).toBe(`${PHRASE}: order_cooldown at 4 and 6 gives the same pnl (${f.decidedMetric}) as at its decided value on windows 0..3`);
    expect(result.reason).toContain(`order_cooldown: ${PHRASE}`);
    expect(result.reason).not.toContain(`half_spread_base: ${PHRASE}`);
    // The probe does not undo anything: the change stays (only the gate decides that).
    expect(ofType(events, 'config_reverted')).toEqual([]);
    const record = await conductor.runLog.iteration(result.iterationId);
    expect(record?.flags?.map((x) => x.param)).toEqual(['order_cooldown']);

    // The next team is told.
    await writeScript(h!.runsDir, 'tuner-1', [{}]);
    const next = await conductor.runIteration();
    const brief = JSON.parse(await readFile(path.join(h!.runsDir, 'strategy-c-ignoring', 'iterations', next.iterationId, 'brief.json'), 'utf8')) as BriefMetadata;
    expect(brief.history.find((x) => x.n === result.n)?.flags).toEqual(['no_effect:order_cooldown']);

    // The report shows the flag (HTML refreshed by the conductor; Markdown written here), for order_cooldown only.
    const html = await readFile(path.join(h!.runsDir, 'strategy-c-ignoring', 'report.html'), 'utf8');
    expect(html).toContain(PHRASE);
    const md = await readFile((await writeReport({ runsDir: h!.runsDir, target: 'strategy-c-ignoring', format: 'md' })).file, 'utf8');
    const rows = md.split('\n').filter((l) => l.startsWith('|') && l.includes(PHRASE));
    expect(rows.length, md).toBeGreaterThanOrEqual(1);
    expect(rows.some((l) => /order_cooldown/.test(l) && /4 → .*6 → /.test(l))).toBe(true);
    expect(rows.filter((l) => /half_spread_base/.test(l) && !/order_cooldown/.test(l))).toEqual([]);
    for (const text of [html, md]) expect(text).not.toMatch(/half_spread_base:? parameter appears to have no effect/);
  });

  it('the real Strategy C (every parameter used): the same change flags nothing', async () => {
    const { result, events } = await iterate(null);
    expect(ofType(events, 'parameter_flagged')).toEqual([]);
    expect(result.reason).not.toContain(PHRASE);
    // The probe did run: the decided config and both parameters at ± one step on the in-sample windows.
    expect(ofType(events, 'phase_completed', result.iterationId).some((p) => p.phase === 'gate')).toBe(true);
  });
});
