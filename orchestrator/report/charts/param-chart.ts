import type { ParamValue } from '../../target/evaluate-protocol.js';
import { formatValue } from '../doc/format.js';
import type { ParamSeries } from '../model/param-series.js';
import type { ChartInput } from './chart-input.js';
import { frame, iterationAxis, markers, valueAxis } from './frame.js';
import { linearScale } from './scale.js';
import { COLORS, escapeXml, FONT, px, svgDocument } from './svg.js';

/** Change points drawn as dots (with titles) up to this many; beyond, the step line alone. */
const MAX_DOTS = 300;

/**
 * One tuned parameter's value over iterations: a step line (the value in force after each
 * iteration), a dot at each change (title: `iteration 12: 0.003 → 0.0022`), reverts marked with
 * red triangles (and dashed lines when there are few). Numbers get a numeric axis; enums and
 * booleans a category axis.
 * Root attributes: `data-chart="param"`, `data-param`, `data-changes`, `data-reverts`, `data-last`.
 */
export function paramChart(input: ChartInput, series: ParamSeries): string {
  const f = frame(150);
  f.top = 10;
  const n = input.records.length;
  const all = [series.start, ...series.steps.map((st) => st.value)];
  const numeric = all.every((v) => v === null || typeof v === 'number');
  let yOf: (v: ParamValue | null) => number;
  let yAxis = '';
  if (numeric) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of all)
      if (typeof v === 'number') {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    if (!Number.isFinite(min)) [min, max] = [0, 1];
    const axis = valueAxis(f, min, max, { ticks: 3 });
    yAxis = axis.svg;
    yOf = (v) => (typeof v === 'number' ? axis.y(v) : f.bottom);
  } else {
    const cats = [...new Set(all.map((v) => formatValue(v)))].sort();
    const y = linearScale([-0.5, cats.length - 0.5], [f.bottom, f.top]);
    cats.forEach((c, k) => {
      const yk = px(y(k));
      yAxis += `<line x1="${f.left}" y1="${yk}" x2="${f.right}" y2="${yk}" stroke="${COLORS.grid}"/><text x="${f.left - 6}" y="${yk}" dy="0.32em" text-anchor="end" fill="${COLORS.text}" ${FONT}>${escapeXml(c)}</text>`;
    });
    yOf = (v) => y(cats.indexOf(formatValue(v)));
  }
  const { x, svg: xAxis } = iterationAxis(f, n, input.label);
  // Step line: start value from the left edge, then at each step a horizontal run and a vertical move.
  let d = `M${px(f.left)} ${px(yOf(series.start))}`;
  for (const st of series.steps) d += `H${px(x(st.index))}V${px(yOf(st.value))}`;
  d += `H${px(f.right)}`;
  let dots = '';
  if (series.changes.length <= MAX_DOTS) {
    // The value before and after each change, from the steps.
    let k = 0;
    let before = series.start;
    for (const i of series.changes) {
      while (k < series.steps.length && (series.steps[k] as { index: number }).index < i) before = (series.steps[k++] as { value: ParamValue | null }).value;
      const step = series.steps[k];
      const after = step !== undefined && step.index === i ? step.value : before;
      dots += `<circle cx="${px(x(i))}" cy="${px(yOf(after))}" r="3" fill="${COLORS.change}"><title>${escapeXml(`iteration ${input.label(i)}: ${formatValue(before)} → ${formatValue(after)}`)}</title></circle>`;
    }
  }
  const revertMarks = markers(f, x, series.reverts, (i) => `revert: iteration ${input.label(i)}`, COLORS.revert, 'revert');
  const last = series.last;
  return svgDocument(
    {
      width: f.width,
      height: f.height,
      title: `${series.param} over iterations`,
      attributes: { 'data-chart': 'param', 'data-param': series.param, 'data-changes': series.changes.length, 'data-reverts': series.reverts.length, 'data-last': formatValue(last) },
    },
    yAxis + xAxis + revertMarks + `<path d="${d}" fill="none" stroke="${COLORS.line}" stroke-width="1.8" data-series="${escapeXml(series.param)}"/>` + dots,
  );
}
