/**
 * Strategy C simulator throughput and memory (issue 2 §2: ≥ 10 million simulated 1-second steps
 * per second on one core; all bundled data loaded in ≤ 200 MB resident memory).
 *
 *   npm run build && node dist/bench/strategy-c-steps.js [--warmup N] [--reps N]
 *
 * Loads the bundled data once, then evaluates one config (the defaults) over all windows:
 * `warmup` untimed runs, then `reps` timed runs; prints the median (and min/max) steps per
 * second by wall clock and by the process's CPU time (the same on an idle machine; on a busy one
 * the CPU-time figure is the one core's own speed), the load time, and resident memory after
 * loading and at its peak. The simulator is single-threaded. Last line: the figures as JSON.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadDataset } from '../examples/strategy-c/src/data/dataset.js';
import { defaultParams } from '../examples/strategy-c/src/params/param-specs.js';
import { runBacktest } from '../examples/strategy-c/src/sim/backtest.js';

const { values } = parseArgs({ options: { warmup: { type: 'string', default: '30' }, reps: { type: 'string', default: '50' } } });
const warmup = Number(values.warmup);
const reps = Number(values.reps);

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const data = loadDataset();
const loadMs = performance.now() - t0;
global.gc?.();
const rssLoaded = process.memoryUsage().rss;

const params = defaultParams();
let steps = 0;
for (let i = 0; i < warmup; i++) steps = runBacktest(data, params, 0, data.windows).steps;
const rates: number[] = [];
const cpuRates: number[] = [];
for (let i = 0; i < reps; i++) {
  const c = process.cpuUsage();
  const s = performance.now();
  const m = runBacktest(data, params, 0, data.windows);
  const wall = (performance.now() - s) / 1000;
  const cpu = process.cpuUsage(c);
  rates.push(m.steps / wall);
  cpuRates.push(m.steps / ((cpu.user + cpu.system) / 1e6));
}
const byValue = (a: number, b: number): number => a - b;
rates.sort(byValue);
cpuRates.sort(byValue);
const median = rates[Math.floor(rates.length / 2)]!;
const cpuMedian = cpuRates[Math.floor(cpuRates.length / 2)]!;
const peakRss = process.resourceUsage().maxRSS * 1024;

const fmt = (x: number): string => (x / 1e6).toFixed(2) + ' M';
console.log(`strategy-c simulator: ${data.windows} windows × 300 s = ${steps} steps per evaluation, node ${process.version}`);
console.log(`  load bundled data        ${loadMs.toFixed(0)} ms`);
console.log(`  steps per second (wall)  ${fmt(median)} median of ${reps} (min ${fmt(rates[0]!)}, max ${fmt(rates[rates.length - 1]!)}; ${warmup} warm-up runs)   goal ≥ 10 M`);
console.log(`  steps per CPU second     ${fmt(cpuMedian)} median (one core's own speed, unaffected by other processes)`);
console.log(`  resident memory          ${mb(rssLoaded)} MB with all data loaded (${mb(rssBefore)} MB before), peak ${mb(peakRss)} MB   goal ≤ 200 MB`);
console.log(
  JSON.stringify({
    bench: 'strategy-c-steps',
    windows: data.windows,
    stepsPerEvaluation: steps,
    stepsPerSecondMedian: Math.round(median),
    stepsPerSecondMin: Math.round(rates[0]!),
    stepsPerSecondMax: Math.round(rates[rates.length - 1]!),
    stepsPerCpuSecondMedian: Math.round(cpuMedian),
    loadMs: Math.round(loadMs),
    rssLoadedMB: mb(rssLoaded),
    rssPeakMB: mb(peakRss),
  }),
);
