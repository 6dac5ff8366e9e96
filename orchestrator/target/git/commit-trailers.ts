/** The trailers itercrew puts on every commit it makes (DESIGN.md, "One tune iteration", apply). */
export interface ItercrewTrailers {
  /** The iteration id, e.g. `strategy-c-tune-000003` → `Itercrew-Iteration`. */
  iteration: string;
  /** The run id (one `itercrew run`/`start` process or job) → `Itercrew-Run`. */
  run: string;
  /** Who decided: the leader agent's name and id, e.g. `tuner-2 (agent-id)` → `Itercrew-Decided-By`. */
  decidedBy: string;
}

/** Trailer keys of {@link ItercrewTrailers}, in the order written. */
export const TRAILER_KEYS = {
  iteration: 'Itercrew-Iteration',
  run: 'Itercrew-Run',
  decidedBy: 'Itercrew-Decided-By',
} as const satisfies Record<keyof ItercrewTrailers, string>;

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * A commit message: subject line, optional body paragraph(s), then the trailer block
 * (`Key: value` lines; newlines in values are folded to spaces so each trailer stays one line).
 *
 * @param extra additional trailers (e.g. `Itercrew-Agents`), written after the standard ones.
 */
export function formatCommitMessage(subject: string, trailers: ItercrewTrailers, body?: string, extra: Record<string, string> = {}): string {
  const lines = [
    `${TRAILER_KEYS.iteration}: ${oneLine(trailers.iteration)}`,
    `${TRAILER_KEYS.run}: ${oneLine(trailers.run)}`,
    `${TRAILER_KEYS.decidedBy}: ${oneLine(trailers.decidedBy)}`,
    ...Object.entries(extra).map(([k, v]) => `${oneLine(k).replace(/[:\s]/g, '-')}: ${oneLine(v)}`),
  ];
  const head = oneLine(subject) || 'itercrew: config change';
  const middle = body !== undefined && body.trim() !== '' ? `\n\n${body.trim()}` : '';
  return `${head}${middle}\n\n${lines.join('\n')}\n`;
}

/**
 * Parses git's `%(trailers:unfold,only)` output (`Key: value` lines) into key → value; a key
 * given twice keeps the last value.
 */
export function parseTrailerLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9-]+):\s?(.*)$/.exec(line.trim());
    if (m) out[m[1] as string] = (m[2] as string).trim();
  }
  return out;
}
