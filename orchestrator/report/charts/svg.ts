import { escapeHtml } from '../render/html-escape.js';
/**
 * Small helpers for writing SVG by hand. The charts are plain SVG 1.1 documents with presentation
 * attributes only (no CSS, no script, nothing external), so the same text works inline in the
 * HTML report and as a standalone `.svg` file beside the Markdown report.
 */

/** Escapes text for SVG/XML content and attribute values (non-ASCII as numeric character references, valid XML). */
export function escapeXml(text: string): string {
  return escapeHtml(text);
}

/** A coordinate rounded to 0.1 px (keeps paths short). */
export function px(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** Chart colours. */
export const COLORS = {
  line: '#1f6feb',
  profit: '#2e7d32',
  loss: '#c62828',
  revert: '#d32f2f',
  grid: '#e3e3e3',
  axis: '#888888',
  text: '#444444',
  zero: '#9e9e9e',
  change: '#1f6feb',
} as const;

/** Shared font attributes for chart text. */
export const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="11"';

/** Options of {@link svgDocument}. */
export interface SvgDocumentOptions {
  width: number;
  height: number;
  /** Accessible title (`<title>`, `aria-label`). */
  title: string;
  /** Extra attributes on the root element, e.g. `{ 'data-chart': 'cumulative-pnl' }` (values escaped). */
  attributes?: Record<string, string | number>;
}

/** Wraps chart markup in a standalone `<svg>` root with a viewBox, so it scales to its container. */
export function svgDocument(options: SvgDocumentOptions, body: string): string {
  const attrs = Object.entries(options.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${options.width} ${options.height}" width="${options.width}" height="${options.height}" role="img" aria-label="${escapeXml(options.title)}"${attrs}>` +
    `<title>${escapeXml(options.title)}</title><rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>`
  );
}
