/** Values of the `${NAME}` placeholders allowed in target commands and paths. */
export type PlaceholderValues = Record<string, string>;

/**
 * Replaces every `${NAME}` in `text` with `values[NAME]`.
 *
 * @returns the expanded text, or the list of unknown placeholder names (nothing is expanded then).
 */
export function expandPlaceholders(text: string, values: PlaceholderValues): { ok: true; text: string } | { ok: false; unknown: string[] } {
  const unknown: string[] = [];
  const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (Object.hasOwn(values, name)) return values[name] as string;
    unknown.push(name);
    return whole;
  });
  return unknown.length === 0 ? { ok: true, text: out } : { ok: false, unknown };
}
