import { ITERATION_SECTIONS, iterationDetail } from '../sections/index.js';
import type { Doc, DocSection } from '../doc/blocks.js';
import { formatTime } from '../doc/format.js';
import { DEFAULT_DETAIL_LIMIT, detailedIterationIds } from '../model/detail-selection.js';
import type { ReportInput } from '../model/report-input.js';
import { summarize } from '../model/report-summary.js';
import { chartsSection } from './charts-section.js';
import { iterationsTableSection } from './iterations-table.js';
import { reviewsSection } from './reviews-section.js';
import { skippedSection } from './skipped-section.js';
import { summarySection } from './summary-section.js';

/** Options of {@link reportDocument}. */
export interface ReportDocumentOptions {
  /** How many of the most recent iterations get a detail section (reviews always do). Default 200 (DEFAULT_DETAIL_LIMIT); Infinity for all. */
  detailLimit?: number;
  /** Time printed as "generated at". Default now. */
  generatedAt?: Date;
  /** itercrew version printed in the subtitle. Default none. */
  version?: string;
}

/**
 * The run report of one target as a document (rendered to HTML, Markdown or text by ../render):
 * summary, skipped run-log lines (if any), charts, the iterations table, review iterations, and
 * the detail of each recent iteration.
 */
export function reportDocument(input: ReportInput, options: ReportDocumentOptions = {}): Doc {
  const records = input.fold.iterations;
  const detailed = detailedIterationIds(records, options.detailLimit ?? DEFAULT_DETAIL_LIMIT);
  const summary = summarize(records);
  const sections: DocSection[] = [summarySection(input, summary, detailed)];
  const skipped = skippedSection(input.runLogFile, input.fold.skipped);
  if (skipped !== undefined) sections.push(skipped);
  sections.push(chartsSection(records), iterationsTableSection(records, detailed), reviewsSection(records));
  const details: DocSection = { id: 'details', title: 'Iteration details', blocks: [] };
  for (const r of records)
    if (detailed.has(r.iterationId)) details.blocks.push({ kind: 'section', section: iterationDetail(r, input.artifacts.get(r.iterationId), ITERATION_SECTIONS, { collapsed: true }) });
  if (details.blocks.length === 0) details.blocks.push({ kind: 'paragraph', text: 'No iterations yet.' });
  sections.push(details);
  const generated = formatTime((options.generatedAt ?? new Date()).toISOString());
  return {
    title: `itercrew report: ${input.target}`,
    subtitle: `Generated ${generated}${options.version ? ` by itercrew ${options.version}` : ''} from ${input.runLogFile}`,
    sections,
  };
}
