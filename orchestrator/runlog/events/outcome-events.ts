import { z } from 'zod';
import { MetricsSchema } from '../../target/evaluate-protocol.js';
import { defineEvent, ParamChangeSchema, SegmentSchema } from './event-base.js';

/** The decided change was written and committed. */
export const ConfigCommittedSchema = defineEvent('config_committed', {
  /** Full sha of the commit. */
  commit: z.string().min(1),
  /** param: old → new. */
  diff: z.array(ParamChangeSchema),
  /** The commit message (with trailers). */
  message: z.string(),
});

/** The iteration's PnL on its live segment (or live period). */
export const PnlMeasuredSchema = defineEvent('pnl_measured', {
  /** PnL in the target's quote currency (USDC for Strategy C). */
  pnl: z.number().finite(),
  /** The measured segment. */
  segment: SegmentSchema,
  /** All metrics the evaluate/measure command reported. */
  metrics: MetricsSchema,
  /** PnL of the config the iteration started from on the same segment, if measured. */
  baselinePnl: z.number().finite().optional(),
});
