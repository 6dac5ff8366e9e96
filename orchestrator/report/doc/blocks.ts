/**
 * The report as a format-neutral document: sections of blocks whose text is plain strings or
 * spans. The report and `itercrew show` build this once; the HTML, Markdown and terminal
 * renderers (../render/) each turn it into their format. So a new section (say, for a new run-log
 * event type) is written once and appears in every format.
 */

/** Colour hint of a span: good (profit, applied), bad (loss, failed), warn (rejected, reverted), muted (no change, skipped). */
export type Tone = 'good' | 'bad' | 'warn' | 'muted';

/** A run of text with optional styling. */
export interface Span {
  text: string;
  /** Link target: a relative path (`iterations/<id>/transcript.jsonl`) or an in-page anchor (`#it-…`). */
  href?: string;
  /** Monospace (values, shas, parameter names). */
  code?: boolean;
  tone?: Tone;
  /** Hover text (HTML `title`); e.g. the full value behind a shortened one. */
  title?: string;
}

/** Text of a cell, field or paragraph: a plain string, one span, or spans in a row. */
export type Text = string | Span | readonly (string | Span)[];

/** A table column. */
export interface Column {
  title: string;
  /** Stable key naming the column (JSON-style, e.g. `cumulativePnl`). */
  key: string;
  /** Default left. Numbers are right-aligned (and never wrapped). */
  align?: 'left' | 'right';
  /** Layout hint for HTML: `nowrap` keeps short values on one line; `long` caps the width of long prose or JSON. */
  layout?: 'nowrap' | 'long';
}

/** One block of a section. */
export type Block =
  /** A paragraph of text. */
  | { kind: 'paragraph'; text: Text }
  /** Label → value pairs (a definition list). */
  | { kind: 'fields'; fields: ReadonlyArray<readonly [label: string, value: Text]> }
  /**
   * A table. `rows` may be any iterable — a generator lets a renderer make each row just before it
   * writes it (big tables then never exist whole in memory) — and is iterated once per rendering.
   */
  | { kind: 'table'; id?: string; columns: readonly Column[]; rows: Iterable<readonly Text[]> }
  /** A bulleted list. */
  | { kind: 'list'; items: readonly Text[] }
  /** Preformatted text (JSON, commit messages). */
  | { kind: 'code'; text: string }
  /**
   * A chart: a standalone SVG document (inline in HTML, a file beside the Markdown report named
   * `<name>.svg`, a caption only on the terminal).
   */
  | { kind: 'figure'; name: string; title: string; svg: string; caption?: Text }
  /** A nested section. */
  | { kind: 'section'; section: DocSection };

/** A titled section. Headings nest with the section depth. */
export interface DocSection {
  /** Anchor id, unique in the document (HTML id; Markdown anchor). */
  id: string;
  title: Text;
  blocks: Block[];
  /** Shown folded (HTML/Markdown `<details>`), e.g. the per-iteration detail. Default false. */
  collapsed?: boolean;
  /** One line under the title (e.g. status and PnL of a folded iteration). */
  subtitle?: Text;
  /** Colour hint for the whole section (e.g. the warning about skipped run-log lines). */
  tone?: Tone;
}

/** A whole document: title, a line under it, and the top-level sections. */
export interface Doc {
  title: string;
  subtitle?: Text;
  sections: DocSection[];
}

/** The plain characters of a text (spans joined, styling dropped). */
export function plainText(text: Text): string {
  if (typeof text === 'string') return text;
  if (!Array.isArray(text)) return (text as Span).text;
  let out = '';
  for (const part of text as readonly (string | Span)[]) out += typeof part === 'string' ? part : part.text;
  return out;
}

/** Shorthand for a code span. */
export function code(text: string, extra: Omit<Span, 'text' | 'code'> = {}): Span {
  return { text, code: true, ...extra };
}

/** Shorthand for a link span. */
export function link(text: string, href: string, extra: Omit<Span, 'text' | 'href'> = {}): Span {
  return { text, href, ...extra };
}
