import { RunLog } from '../runlog/run-log.js';
import { runPaths } from '../runlog/run-paths.js';
import { DEFAULT_DETAIL_LIMIT, detailedIterationIds } from './model/detail-selection.js';
import { iterationFileHref, readIterationArtifacts } from './model/iteration-artifacts.js';
import type { IterationArtifacts, ReportInput } from './model/report-input.js';

/** Options of {@link readReportInput}. */
export interface ReadReportInputOptions {
  /**
   * Folder the report will be in: links to iteration files are relative to it. Default the
   * target's run folder (runs/<target>, where report.html goes); null for absolute paths.
   */
  linkFrom?: string | null;
  /** Iterations whose folders are read (the most recent ones; reviews always). Default 200 (DEFAULT_DETAIL_LIMIT); Infinity for all. */
  detailLimit?: number;
}

/** Folders read at once. */
const CONCURRENCY = 16;

/**
 * Reads what a report is built from: the target's run log, folded (bad lines skipped and listed,
 * never thrown), and the files of the iterations shown in detail.
 *
 * @throws RunLogError `run_log_unreadable` when events.jsonl exists but cannot be read.
 */
export async function readReportInput(runsDir: string, target: string, options: ReadReportInputOptions = {}): Promise<ReportInput> {
  const paths = runPaths(runsDir, target);
  const fold = await RunLog.forTarget(runsDir, target).fold();
  const ids = [...detailedIterationIds(fold.iterations, options.detailLimit ?? DEFAULT_DETAIL_LIMIT)];
  const from = options.linkFrom === undefined ? paths.targetDir : options.linkFrom;
  const artifacts = new Map<string, IterationArtifacts>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      let dir: string;
      try {
        dir = paths.iterationDir(id);
      } catch {
        continue; // an id that cannot be a folder name has no folder
      }
      const found = await readIterationArtifacts(dir, iterationFileHref(dir, from));
      if (found !== undefined) artifacts.set(id, found);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return { target, runLogFile: paths.eventsFile, fold, artifacts };
}
