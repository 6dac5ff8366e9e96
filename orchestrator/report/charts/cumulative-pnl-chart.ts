import { formatPnl } from '../doc/format.js';
import type { ChartInput } from './chart-input.js';
import { envelopeIndices } from './downsample.js';
import { frame, iterationAxis, markers, valueAxis } from './frame.js';
import { COLORS, escapeXml, FONT, px, svgDocument } from './svg.js';

/**
 * Cumulative PnL over iterations: a line through each iteration's cumulative PnL (sum of measured
 * PnL so far; unmeasured iterations carry the previous value), the zero line, reverts marked.
 * Long series are drawn through their envelope (first/min/max/last per pixel column).
 * Root attributes: `data-chart="cumulative-pnl"`, `data-iterations`, `data-final` (full precision).
 */
export function cumulativePnlChart(input: ChartInput): string {
  const { records } = input;
  const f = frame(280);
  const values = records.map((r) => r.cumulativePnl);
  const last = values.length > 0 ? (values.at(-1) as number) : 0;
  let min = 0;
  let max = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const { x, svg: xAxis } = iterationAxis(f, records.length, input.label);
  const { y, svg: yAxis } = valueAxis(f, min, max, { withZero: true });
  const drawn = envelopeIndices(values, Math.round(f.right - f.left));
  let d = '';
  for (const i of drawn) d += `${d === '' ? 'M' : 'L'}${px(x(i))} ${px(y(values[i] as number))}`;
  let body = yAxis + xAxis;
  body += markers(f, x, input.reverts, (i) => `revert: iteration ${input.label(i)}`, COLORS.revert, 'revert');
  if (d !== '') body += `<path d="${d}" fill="none" stroke="${COLORS.line}" stroke-width="2" stroke-linejoin="round" data-series="cumulative-pnl"/>`;
  if (values.length > 0) {
    const xl = x(values.length - 1);
    const yl = y(last);
    body += `<circle cx="${px(xl)}" cy="${px(yl)}" r="3.5" fill="${COLORS.line}"><title>${escapeXml(`after iteration ${input.label(values.length - 1)}: ${formatPnl(last)}`)}</title></circle>`;
    body += `<text x="${px(Math.min(xl, f.right - 4))}" y="${px(yl - 8)}" text-anchor="end" fill="${COLORS.text}" ${FONT} font-weight="bold">${escapeXml(formatPnl(last))}</text>`;
  }
  return svgDocument(
    { width: f.width, height: f.height, title: 'Cumulative PnL over iterations', attributes: { 'data-chart': 'cumulative-pnl', 'data-iterations': records.length, 'data-final': String(last), 'data-drawn-points': drawn.length } },
    body,
  );
}
