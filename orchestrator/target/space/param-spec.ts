import { z } from 'zod';

const finite = z.number().finite();
const common = {
  /** What the parameter does, for agents and people. Default: empty. */
  description: z.string().default(''),
  /** Unit, e.g. `USDC/share`, `shares`, `s`. Optional. */
  unit: z.string().optional(),
  /**
   * Whether agents may change it. Default true. A `tunable: false` entry documents a fixed
   * setting that lives in the same params table (e.g. a fee schedule): changes to it are
   * rejected as non-tunable, and invariants may read it.
   */
  tunable: z.boolean().default(true),
};

/**
 * A real-valued parameter. Valid values lie on the grid `min + k·step` inside `[min, max]`
 * (float tolerance 1e-9 relative to the step); one iteration may move it by at most `maxChange`
 * (absolute, same unit). Example: half_spread_base min 0.005, max 0.1, step 0.005, maxChange 0.015.
 */
export const FloatSpecSchema = z.strictObject({
  type: z.literal('float'),
  min: finite,
  max: finite,
  step: finite.positive(),
  /** Largest absolute change per iteration. Default: unlimited (the whole range). */
  maxChange: finite.positive().optional(),
  ...common,
});

/** An integer parameter (shares, seconds…): grid `min + k·step` (step default 1), `maxChange` absolute. */
export const IntSpecSchema = z.strictObject({
  type: z.literal('int'),
  min: z.number().int(),
  max: z.number().int(),
  step: z.number().int().positive().default(1),
  maxChange: z.number().int().positive().optional(),
  ...common,
});

/** One of a fixed list of string values (e.g. fee_schedule: rate | quartic). Order defines neighbours. */
export const EnumSpecSchema = z.strictObject({
  type: z.literal('enum'),
  values: z.array(z.string().min(1)).min(1),
  ...common,
});

/** A true/false switch. */
export const BoolSpecSchema = z.strictObject({
  type: z.literal('bool'),
  ...common,
});

/** One parameter of the space: float | int | enum | bool, validated and cross-checked (min < max, maxChange ≥ step…). */
export const ParamSpecSchema = z
  .discriminatedUnion('type', [FloatSpecSchema, IntSpecSchema, EnumSpecSchema, BoolSpecSchema])
  .superRefine((spec, ctx) => {
    if (spec.type === 'float' || spec.type === 'int') {
      if (!(spec.min < spec.max)) ctx.addIssue({ code: 'custom', path: ['max'], message: `max (${spec.max}) must be greater than min (${spec.min})` });
      if (spec.step > spec.max - spec.min && spec.min < spec.max)
        ctx.addIssue({ code: 'custom', path: ['step'], message: `step (${spec.step}) is larger than the range ${spec.min}..${spec.max}` });
      if (spec.maxChange !== undefined && spec.maxChange < spec.step * (1 - 1e-9))
        ctx.addIssue({ code: 'custom', path: ['maxChange'], message: `maxChange (${spec.maxChange}) is smaller than one step (${spec.step}): the parameter could never move` });
    }
    if (spec.type === 'enum' && new Set(spec.values).size !== spec.values.length)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'enum values must be unique' });
  });

export type FloatSpec = z.infer<typeof FloatSpecSchema>;
export type IntSpec = z.infer<typeof IntSpecSchema>;
export type EnumSpec = z.infer<typeof EnumSpecSchema>;
export type BoolSpec = z.infer<typeof BoolSpecSchema>;
/** A parsed parameter spec (defaults filled). */
export type ParamSpec = z.infer<typeof ParamSpecSchema>;
/** A numeric parameter spec. */
export type NumericSpec = FloatSpec | IntSpec;

/** A parameter name usable in invariants: `[A-Za-z_][A-Za-z0-9_]*`. */
export const ParamNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'parameter names must match [A-Za-z_][A-Za-z0-9_]*');
