import type { IterationRecord } from '../../runlog/fold/iteration-record.js';
import { isRevert } from '../model/reverts.js';

/** What the iteration charts draw from: the records in log order, x position i = records[i]. */
export interface ChartInput {
  records: readonly IterationRecord[];
  /** Axis label of position i: the iteration number, or i + 1 when the log lacks it. */
  label(i: number): string;
  /** Positions of revert iterations. */
  reverts: readonly number[];
}

/** Chart input for records in log order. */
export function chartInput(records: readonly IterationRecord[]): ChartInput {
  const reverts: number[] = [];
  for (let i = 0; i < records.length; i++) if (isRevert(records[i] as IterationRecord)) reverts.push(i);
  return { records, label: (i) => String(records[i]?.n ?? i + 1), reverts };
}
