import type { ParamValue, Params } from '../evaluate-protocol.js';
import { ConfigFileError } from '../errors/index.js';
import { formatParamsPath } from './params-path.js';

/** Whether a value is a table (plain object, any prototype), not an array or date. */
export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Reads the params table at `keys` from a parsed document: every value must be a number, string
 * or boolean (a parameter), and numbers must be finite. Nested tables are sub-sections, not
 * parameters, and are left out (so the document root can be the params table).
 *
 * @throws ConfigFileError `config_params_invalid` naming the path when the table is missing, is
 *   not a table, or holds an array, null, date, non-finite or too-large number.
 */
export function extractParams(data: unknown, keys: readonly string[], file: string): Params {
  let node: unknown = data;
  for (let i = 0; i < keys.length; i++) {
    if (!isTable(node) || !Object.hasOwn(node, keys[i] as string))
      throw new ConfigFileError('config_params_invalid', file, `params table ${formatParamsPath(keys)} not found (missing key ${JSON.stringify(keys[i])} at ${formatParamsPath(keys.slice(0, i))})`);
    node = node[keys[i] as string];
  }
  if (!isTable(node)) throw new ConfigFileError('config_params_invalid', file, `${formatParamsPath(keys)} is not a table of parameters`);
  const params: Params = {};
  for (const [name, value] of Object.entries(node)) {
    if (isTable(value)) continue;
    const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok)
      throw new ConfigFileError('config_params_invalid', file, `${formatParamsPath([...keys, name])} is not a parameter value (number, string or true/false): ${describe(value)}`);
    params[name] = value as ParamValue;
  }
  return params;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `${String(v)} (an integer too large for a number)`;
  if (typeof v === 'number') return String(v);
  return typeof v === 'object' ? 'a table' : typeof v;
}
