/**
 * Parses a dotted params path (`strategy_c.params`) into keys (`['strategy_c', 'params']`).
 * The empty string means the document root. Keys cannot contain dots.
 *
 * @throws Error on an empty segment (`a..b`, `.a`, `a.`).
 */
export function parseParamsPath(text: string): string[] {
  if (text === '') return [];
  const keys = text.split('.');
  if (keys.some((k) => k.trim() === '' || k !== k.trim())) throw new Error(`bad params path ${JSON.stringify(text)}: empty or padded segment`);
  return keys;
}

/** The dotted form of a params path, `(root)` for the empty path. */
export function formatParamsPath(keys: readonly string[]): string {
  return keys.length === 0 ? '(root)' : keys.join('.');
}
