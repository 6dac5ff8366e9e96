import { z } from 'zod';
import { ParamError } from '../errors/param-error.js';
import { defaultParams, isParamName, PARAM_NAMES, PARAM_SPECS, type ParamSpec } from './param-specs.js';
import type { ParamName, StrategyParams } from './strategy-params.js';

function schemaOf(spec: ParamSpec): z.ZodType {
  if (spec.kind === 'enum') return z.enum(spec.values as [string, ...string[]]);
  const n = spec.kind === 'int' ? z.number().int() : z.number();
  return n.min(spec.min).max(spec.max);
}

const SCHEMAS = Object.fromEntries(PARAM_NAMES.map((name) => [name, schemaOf(PARAM_SPECS[name])])) as Record<ParamName, z.ZodType>;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function expectation(spec: ParamSpec): string {
  if (spec.kind === 'enum') return `one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${spec.kind === 'int' ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}]${spec.unit ? ' ' + spec.unit : ''}`;
}

/**
 * Validate a (possibly partial) parameter set and fill the rest from the defaults.
 *
 * @param input parameter name → value, as read from a request line.
 * @param ignored parameters the model ignores (`--ignore-param`): a given value is still
 *   validated, but the default is used.
 * @returns the full parameter set.
 * @throws ParamError `unknown_parameter` (a name Strategy C does not have), `invalid_value`
 *   (wrong type, NaN or ±Infinity, a fraction for an integer, an enum value not allowed) or
 *   `out_of_range` (outside the hard limits), for the first offending parameter.
 */
export function parseParams(input: Readonly<Record<string, unknown>>, ignored: ReadonlySet<ParamName> = new Set()): StrategyParams {
  const params = defaultParams() as unknown as Record<ParamName, unknown>;
  for (const [name, value] of Object.entries(input)) {
    if (!isParamName(name)) {
      throw new ParamError('unknown_parameter', name, `unknown parameter ${JSON.stringify(name)}; Strategy C has: ${PARAM_NAMES.join(', ')}`);
    }
    const spec = PARAM_SPECS[name];
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new ParamError('invalid_value', name, `${name}: ${value} is not a finite number; expected ${expectation(spec)}`);
    }
    const r = SCHEMAS[name].safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      const code = issue?.code === 'too_small' || issue?.code === 'too_big' ? 'out_of_range' : 'invalid_value';
      throw new ParamError(code, name, `${name}: ${describe(value)} is ${code === 'out_of_range' ? 'out of range' : 'not valid'}; expected ${expectation(spec)}`);
    }
    if (!ignored.has(name)) params[name] = r.data;
  }
  return params as unknown as StrategyParams;
}
