import type { Block, Doc, DocSection, Span, Text } from '../doc/blocks.js';

/** Options of {@link renderText}. */
export interface TextRenderOptions {
  /** Show link targets after their text (`transcript.jsonl <path>`). Default true. */
  showLinks?: boolean;
}

function spanText(s: Span, showLinks: boolean): string {
  return s.href !== undefined && showLinks && !s.href.startsWith('#') && s.href !== s.text ? `${s.text} <${s.href}>` : s.text;
}

function textOf(text: Text, showLinks: boolean): string {
  if (typeof text === 'string') return text;
  if (!Array.isArray(text)) return spanText(text as Span, showLinks);
  let out = '';
  for (const part of text as readonly (string | Span)[]) out += typeof part === 'string' ? part : spanText(part, showLinks);
  return out;
}

function indentLines(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

class TextWriter {
  readonly out: string[] = [];
  constructor(private readonly showLinks: boolean) {}

  t(text: Text): string {
    return textOf(text, this.showLinks);
  }

  block(b: Block, depth: number): void {
    const out = this.out;
    switch (b.kind) {
      case 'paragraph':
        out.push(this.t(b.text), '');
        return;
      case 'fields': {
        const width = Math.max(...b.fields.map(([l]) => l.length));
        for (const [label, value] of b.fields) out.push(`${`${label}:`.padEnd(width + 2)}${this.t(value)}`);
        out.push('');
        return;
      }
      case 'table': {
        const cells = Array.from(b.rows, (row) => row.map((c) => this.t(c).replace(/\r?\n/g, ' ')));
        const widths = b.columns.map((c, i) => Math.max(c.title.length, ...cells.map((row) => (row[i] ?? '').length)));
        const line = (values: readonly string[]) =>
          values
            .map((v, i) => (i === values.length - 1 && b.columns[i]?.align !== 'right' ? v : b.columns[i]?.align === 'right' ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
            .join('  ')
            .trimEnd();
        out.push(line(b.columns.map((c) => c.title)));
        for (const row of cells) out.push(line(row));
        out.push('');
        return;
      }
      case 'list':
        for (const item of b.items) out.push(`  - ${this.t(item)}`);
        out.push('');
        return;
      case 'code':
        out.push(indentLines(b.text, '    '), '');
        return;
      case 'figure':
        out.push(`[chart: ${b.title}]${b.caption !== undefined ? ` ${this.t(b.caption)}` : ''}`, '');
        return;
      case 'section':
        this.section(b.section, depth + 1);
        return;
    }
  }

  section(s: DocSection, depth: number): void {
    const title = this.t(s.title);
    this.out.push(title, (depth <= 1 ? '=' : '-').repeat(Math.min(80, title.length)));
    if (s.subtitle !== undefined) this.out.push(this.t(s.subtitle));
    this.out.push('');
    for (const b of s.blocks) this.block(b, depth);
  }
}

/**
 * Renders a document as plain text for a terminal (`itercrew show`): underlined headings,
 * aligned fields and tables, link targets after their text, charts as a one-line note.
 */
export function renderText(doc: Doc | DocSection, options: TextRenderOptions = {}): string {
  const w = new TextWriter(options.showLinks ?? true);
  if ('sections' in doc) {
    w.out.push(doc.title, '='.repeat(Math.min(80, doc.title.length)));
    if (doc.subtitle !== undefined) w.out.push(w.t(doc.subtitle));
    w.out.push('');
    for (const s of doc.sections) w.section(s, 1);
  } else w.section(doc, 1);
  return w.out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
