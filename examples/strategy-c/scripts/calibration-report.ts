/**
 * Prints the calibration figures of the simulated book and fill model next to the real ones
 * (the same figures test/strategy-c/calibration.test.ts checks):
 *
 *   npm run build && node dist/examples/strategy-c/scripts/calibration-report.js
 */
import { realBookShape, realProbe } from '../src/calibration/real-figures.js';
import { simulatedBookShape, simulatedProbe } from '../src/calibration/simulated-figures.js';
import { loadDataset } from '../src/data/dataset.js';

const data = loadDataset();
const report = {
  bookShape: { real: realBookShape(), simulated: simulatedBookShape(data) },
  probe: { real: realProbe(), simulated: simulatedProbe(data) },
};
const pct = (x: number): string => (100 * x).toFixed(1) + '%';
const { real: rb, simulated: sb } = report.bookShape;
console.log(`book shape (T-120/90/60, both tokens two-sided)   real n=${rb.samples}   sim n=${sb.samples}`);
console.log(`  one-tick Up spread           ${pct(rb.oneTickSpread).padStart(7)}   ${pct(sb.oneTickSpread).padStart(7)}`);
console.log(`  Up bid + Down bid = 0.99     ${pct(rb.bidSum99).padStart(7)}   ${pct(sb.bidSum99).padStart(7)}`);
for (const off of Object.keys(rb.twoSidedByOffset).map(Number).sort((a, b) => b - a)) {
  console.log(`  Up two-sided at T-${String(off).padEnd(3)}       ${pct(rb.twoSidedByOffset[off]!).padStart(7)}   ${pct(sb.twoSidedByOffset[off]!).padStart(7)}`);
}
const { real: rp, simulated: sp } = report.probe;
const share = (k: number, n: number): string => `${k}/${n} (${pct(k / n)})`;
console.log(`maker probe                     real              sim`);
console.log(`  both filled       ${share(rp.both, rp.windows).padStart(16)}  ${share(sp.both, sp.windows).padStart(16)}`);
console.log(`  one filled        ${share(rp.one, rp.windows).padStart(16)}  ${share(sp.one, sp.windows).padStart(16)}`);
console.log(`  none filled       ${share(rp.none, rp.windows).padStart(16)}  ${share(sp.none, sp.windows).padStart(16)}`);
console.log(`  one-sided lost    ${share(rp.oneSidedLost, rp.one).padStart(16)}  ${share(sp.oneSidedLost, sp.one).padStart(16)}`);
if (process.argv.includes('--json')) console.log(JSON.stringify(report));
