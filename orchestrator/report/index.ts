/**
 * Run reports (DESIGN.md "Run log"; issue 6): what the agents did, why, what it earned, what it
 * cost and what was undone — as one self-contained HTML page, GitHub Markdown with SVG charts, or
 * terminal text.
 *
 * - read-report-input.ts   run log (read + fold) and iteration folders → ReportInput
 * - model/                 figures from the fold: summary, tuned parameters' series, reverts,
 *                          decision headline, which iterations get detail, iteration files
 * - sections/              the detail of one iteration, one file per section (brief, proposals,
 *                          vote, decision, outcome, agents, other events, files); event-blocks.ts
 *                          renders event types the fold does not summarise
 * - document/              the whole report as a document: summary, skipped lines, charts,
 *                          iterations table, review iterations, details
 * - doc/                   the format-neutral document model (sections, blocks, spans) and value formats
 * - charts/                inline SVG charts: cumulative PnL, PnL bars, parameter steps
 * - render/                HTML, Markdown and text renderers of a document
 * - write-report.ts        build + render + write (atomic); refresh-report.ts: after every iteration
 * - filter/                `--since` / `--status` filters of `itercrew log`
 * - target-name.ts         which target a reading command means
 * - errors/                ReportError
 */
export * from './doc/blocks.js';
export * from './doc/format.js';
export * from './model/report-input.js';
export * from './model/report-summary.js';
export * from './model/param-series.js';
export * from './model/reverts.js';
export * from './model/decision-headline.js';
export * from './model/detail-selection.js';
export * from './model/iteration-artifacts.js';
export * from './sections/index.js';
export * from './document/report-document.js';
export * from './charts/chart-input.js';
export * from './charts/cumulative-pnl-chart.js';
export * from './charts/pnl-bars-chart.js';
export * from './charts/param-chart.js';
export * from './render/html-renderer.js';
export * from './render/markdown-renderer.js';
export * from './render/text-renderer.js';
export * from './read-report-input.js';
export * from './write-report.js';
export * from './refresh-report.js';
export * from './filter/iteration-filter.js';
export * from './target-name.js';
export * from './errors/index.js';
