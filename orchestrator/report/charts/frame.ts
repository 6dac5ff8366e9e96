import { linearScale, niceTicks, tickLabel, type LinearScale } from './scale.js';
import { COLORS, escapeXml, FONT, px } from './svg.js';

/** Plot area inside a chart: margins for the axes. */
export interface ChartFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The standard frame: 960 × `height`, 64 px left for y labels, 32 px below for x labels. */
export function frame(height: number, width = 960): ChartFrame {
  return { width, height, left: 64, right: width - 16, top: 12, bottom: height - 28 };
}

/**
 * The x axis of iteration charts: position i (0-based index into the records) → pixels, with
 * about 8 ticks labelled by the iteration number `label(i)`. With `bands`, each position owns a
 * slot one unit wide (for bars).
 */
export function iterationAxis(f: ChartFrame, count: number, label: (i: number) => string, options: { bands?: boolean } = {}): { x: LinearScale; svg: string } {
  // Lines start and end near the edges; bars (bands) get half a slot of room on each side.
  const pad = options.bands || count <= 1 ? 0.5 : Math.min(0.5, (count - 1) * 0.02);
  const x = linearScale([-pad, Math.max(0, count - 1) + pad], [f.left, f.right]);
  let svg = `<line x1="${f.left}" y1="${f.bottom}" x2="${f.right}" y2="${f.bottom}" stroke="${COLORS.axis}"/>`;
  if (count > 0) {
    const step = Math.max(1, Math.ceil(count / 8));
    for (let i = 0; i < count; i += step) {
      const xi = px(x(i));
      svg += `<line x1="${xi}" y1="${f.bottom}" x2="${xi}" y2="${f.bottom + 4}" stroke="${COLORS.axis}"/><text x="${xi}" y="${f.bottom + 16}" text-anchor="middle" fill="${COLORS.text}" ${FONT}>${escapeXml(label(i))}</text>`;
    }
  }
  return { x, svg };
}

/** A numeric y axis over [min, max] (widened to nice ticks, 0 included when `withZero`), with grid lines. */
export function valueAxis(f: ChartFrame, min: number, max: number, options: { withZero?: boolean; ticks?: number } = {}): { y: LinearScale; svg: string } {
  const lo = options.withZero ? Math.min(0, min) : min;
  const hi = options.withZero ? Math.max(0, max) : max;
  const { ticks, domain } = niceTicks(lo, hi, options.ticks ?? 5);
  const y = linearScale(domain, [f.bottom, f.top]);
  let svg = '';
  for (const t of ticks) {
    const yt = px(y(t));
    svg += `<line x1="${f.left}" y1="${yt}" x2="${f.right}" y2="${yt}" stroke="${t === 0 && options.withZero ? COLORS.zero : COLORS.grid}"/><text x="${f.left - 6}" y="${yt}" dy="0.32em" text-anchor="end" fill="${COLORS.text}" ${FONT}>${escapeXml(tickLabel(t))}</text>`;
  }
  return { y, svg };
}

/** Up to this many markers get a dashed line across the plot; beyond, only their triangles (the lines would hide the data). */
const MAX_MARKER_LINES = 30;

/** Markers at positions `at` (e.g. reverts): a triangle above the plot and, when few, a dashed line across it; each with a hover title. */
export function markers(f: ChartFrame, x: LinearScale, at: readonly number[], title: (i: number) => string, color: string, kind: string): string {
  const lines = at.length <= MAX_MARKER_LINES;
  let svg = '';
  for (const i of at) {
    const xi = px(x(i));
    const line = lines ? `<line x1="${xi}" y1="${f.top}" x2="${xi}" y2="${f.bottom}" stroke="${color}" stroke-dasharray="4 3"/>` : '';
    svg += `<g data-marker="${kind}"><title>${escapeXml(title(i))}</title>${line}<path d="M${xi} ${f.top} l-4 -7 h8 z" fill="${color}"/></g>`;
  }
  return svg;
}
