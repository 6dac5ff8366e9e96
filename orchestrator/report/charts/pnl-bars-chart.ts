import { formatPnl } from '../doc/format.js';
import type { ChartInput } from './chart-input.js';
import { frame, iterationAxis, markers, valueAxis } from './frame.js';
import { COLORS, escapeXml, px, svgDocument } from './svg.js';

/**
 * PnL of each iteration as a bar (green profit, red loss; unmeasured iterations have none), with
 * the exact value as each bar's hover title. When there are more iterations than half the plot's
 * pixel width, consecutive iterations share a bar that spans their lowest to highest PnL (the
 * title gives the range, min, max and sum). Root attributes: `data-chart="pnl-bars"`,
 * `data-bars` (bars drawn), `data-bucket` (iterations per bar).
 */
export function pnlBarsChart(input: ChartInput): string {
  const { records } = input;
  const f = frame(240);
  const n = records.length;
  let min = 0;
  let max = 0;
  for (const r of records) {
    if (r.pnl === undefined) continue;
    if (r.pnl.pnl < min) min = r.pnl.pnl;
    if (r.pnl.pnl > max) max = r.pnl.pnl;
  }
  const { x, svg: xAxis } = iterationAxis(f, n, input.label, { bands: true });
  const { y, svg: yAxis } = valueAxis(f, min, max, { withZero: true });
  const plotWidth = f.right - f.left;
  const bucket = Math.max(1, Math.ceil(n / Math.floor(plotWidth / 2)));
  const slot = x(bucket) - x(0);
  const barWidth = Math.max(1, Math.min(40, slot * 0.8));
  const y0 = y(0);
  let bars = '';
  let drawn = 0;
  for (let from = 0; from < n; from += bucket) {
    const to = Math.min(n, from + bucket);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let measured = 0;
    for (let i = from; i < to; i++) {
      const p = records[i]?.pnl?.pnl;
      if (p === undefined) continue;
      measured++;
      sum += p;
      if (p < lo) lo = p;
      if (p > hi) hi = p;
    }
    if (measured === 0) continue;
    drawn++;
    const cx = bucket === 1 ? x(from) : (x(from) + x(to - 1)) / 2;
    const left = px(cx - barWidth / 2);
    const w = px(barWidth);
    const title =
      bucket === 1
        ? `iteration ${input.label(from)}: ${formatPnl(sum)}`
        : `iterations ${input.label(from)}–${input.label(to - 1)}: ${measured} measured, min ${formatPnl(lo)}, max ${formatPnl(hi)}, sum ${formatPnl(sum)}`;
    let rects = '';
    const up = Math.max(0, hi);
    const down = Math.min(0, lo);
    if (up > 0) rects += `<rect x="${left}" y="${px(y(up))}" width="${w}" height="${px(Math.max(0.5, y0 - y(up)))}" fill="${COLORS.profit}"/>`;
    if (down < 0) rects += `<rect x="${left}" y="${px(y0)}" width="${w}" height="${px(Math.max(0.5, y(down) - y0))}" fill="${COLORS.loss}"/>`;
    if (up === 0 && down === 0) rects += `<rect x="${left}" y="${px(y0 - 0.5)}" width="${w}" height="1" fill="${COLORS.zero}"/>`;
    bars += `<g data-bar="${escapeXml(input.label(from))}" data-pnl="${bucket === 1 ? String(sum) : ''}"><title>${escapeXml(title)}</title>${rects}</g>`;
  }
  const body = yAxis + xAxis + markers(f, x, input.reverts, (i) => `revert: iteration ${input.label(i)}`, COLORS.revert, 'revert') + bars;
  return svgDocument({ width: f.width, height: f.height, title: 'PnL per iteration', attributes: { 'data-chart': 'pnl-bars', 'data-bars': drawn, 'data-bucket': bucket } }, body);
}
