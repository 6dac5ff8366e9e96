/**
 * JSON.parse, plus one leniency: the bare tokens `NaN`, `Infinity` and `-Infinity` (which
 * JavaScript's JSON.stringify never writes but other producers do) are read as those numbers, so
 * a candidate carrying them gets a precise `invalid_value` answer instead of "not JSON".
 * Tokens inside strings are left alone.
 *
 * @param text one request line.
 * @returns the parsed value.
 * @throws SyntaxError when the text is not JSON even with that leniency.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (!/NaN|Infinity/.test(text)) throw err;
    const { rewritten, found } = markNonFinite(text);
    if (!found) throw err;
    return JSON.parse(rewritten, (_key, value: unknown) =>
      typeof value === 'string' && value.startsWith(MARK) ? Number(value.slice(MARK.length)) : value,
    );
  }
}

const MARK = '\u0000non-finite:';

/** Replace bare NaN / Infinity / -Infinity tokens outside strings with marked strings. */
function markNonFinite(text: string): { rewritten: string; found: boolean } {
  let out = '';
  let found = false;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const token = ['-Infinity', 'Infinity', 'NaN'].find((t) => text.startsWith(t, i));
    if (token && !/[\w.]/.test(text[i - 1] ?? ' ')) {
      out += JSON.stringify(MARK + token);
      i += token.length - 1;
      found = true;
      continue;
    }
    out += c;
  }
  return { rewritten: out, found };
}
