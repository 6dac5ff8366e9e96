import { isTable } from './params-table.js';

/**
 * Canonical JSON of parsed config data (object keys sorted, any prototype, bigint as `<n>n`,
 * dates through toJSON), used to check that an in-place edit produced exactly the intended
 * document.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (isTable(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]));
    return v;
  });
}
