import type { BriefMetadata } from '../../iteration/room-messages.js';
import type { RunLogFold } from '../../runlog/run-log.js';

/** A file in an iteration folder (brief.json, transcript.jsonl, `<agent>.stdout.log`, …). */
export interface IterationFile {
  /** File name inside the iteration folder. */
  name: string;
  /** Where it is from the reader: a relative URL from the report's folder, or an absolute path (terminal). */
  href: string;
  /** Size in bytes. */
  bytes: number;
}

/** What an iteration left beside the run log, in runs/<target>/iterations/<id>/. */
export interface IterationArtifacts {
  /** Files of the folder, brief and transcript first, then agent logs, then the rest by name. */
  files: IterationFile[];
  /** brief.json, when present and valid. */
  brief?: BriefMetadata;
  /** Why brief.json could not be used (present but unreadable, not JSON, or not a brief). */
  briefError?: string;
}

/** Everything a report is built from: the folded run log and the iteration folders' files. */
export interface ReportInput {
  /** Target name. */
  target: string;
  /** The run log read (events.jsonl), as given to people. */
  runLogFile: string;
  /** The folded run log, with the lines the reader skipped and the events of unknown types. */
  fold: RunLogFold;
  /** Artifacts by iteration id, for the iterations shown in detail (others may be absent). */
  artifacts: ReadonlyMap<string, IterationArtifacts>;
}
