import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readPackageVersion } from '../cli/version.js';
import { runPaths } from '../runlog/run-paths.js';
import { reportDocument } from './document/report-document.js';
import { ReportError } from './errors/index.js';
import { readReportInput } from './read-report-input.js';
import { renderHtml } from './render/html-renderer.js';
import { renderMarkdown } from './render/markdown-renderer.js';

/** Report formats: one self-contained HTML page, or GitHub Markdown with SVG chart files beside it. */
export type ReportFormat = 'html' | 'md';

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** The runs folder (holding <target>/events.jsonl). */
  runsDir: string;
  /** Target name. */
  target: string;
  /** Default `html`. */
  format?: ReportFormat;
  /** Output file. Default `<runsDir>/<target>/report.html` (or `report.md`). */
  out?: string;
  /** Most recent iterations shown in detail (reviews always). Default 200 (DEFAULT_DETAIL_LIMIT); Infinity for all. */
  detailLimit?: number;
  /** "Generated at" time. Default now. */
  generatedAt?: Date;
}

/** What {@link writeReport} wrote. */
export interface WrittenReport {
  /** Absolute path of the report. */
  file: string;
  format: ReportFormat;
  /** Chart files written beside a Markdown report (absolute paths); empty for HTML. */
  charts: string[];
  /** Iterations in the report. */
  iterations: number;
  /** Run-log lines skipped (they are listed in the report). */
  skipped: number;
  /** Milliseconds spent reading and folding the run log (and reading iteration folders), and building and rendering the report. */
  timings: { readMs: number; renderMs: number };
}

/** Writes `content` to a temporary file beside `file` and renames it over `file`, so readers never see half a report. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new ReportError('report_write_failed', `cannot write ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Builds the report of a target from its run log and writes it: HTML (one self-contained file) or
 * Markdown (plus `<name>-charts/*.svg` beside it; chart files no longer produced are removed).
 *
 * @throws RunLogError `run_log_unreadable`; ReportError `report_write_failed`.
 */
export async function writeReport(options: WriteReportOptions): Promise<WrittenReport> {
  const format = options.format ?? 'html';
  const file = path.resolve(options.out ?? path.join(runPaths(options.runsDir, options.target).targetDir, `report.${format}`));
  const t0 = performance.now();
  const input = await readReportInput(options.runsDir, options.target, { linkFrom: path.dirname(file), ...(options.detailLimit !== undefined ? { detailLimit: options.detailLimit } : {}) });
  const t1 = performance.now();
  const doc = reportDocument(input, { ...(options.detailLimit !== undefined ? { detailLimit: options.detailLimit } : {}), ...(options.generatedAt ? { generatedAt: options.generatedAt } : {}), version: readPackageVersion() });
  const charts: string[] = [];
  let content: string;
  if (format === 'html') content = renderHtml(doc);
  else {
    const chartsDir = `${path.basename(file, path.extname(file))}-charts`;
    const md = renderMarkdown(doc, { chartsDir });
    content = md.markdown;
    const dir = path.join(path.dirname(file), chartsDir);
    for (const f of md.files) {
      const target = path.join(path.dirname(file), ...f.path.split('/'));
      await writeFileAtomic(target, f.content);
      charts.push(target);
    }
    const keep = new Set(charts.map((c) => path.basename(c)));
    const old = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(old.filter((n) => n.endsWith('.svg') && !keep.has(n)).map((n) => rm(path.join(dir, n), { force: true })));
  }
  const t2 = performance.now();
  await writeFileAtomic(file, content);
  return { file, format, charts, iterations: input.fold.iterations.length, skipped: input.fold.skipped.length, timings: { readMs: t1 - t0, renderMs: t2 - t1 } };
}
