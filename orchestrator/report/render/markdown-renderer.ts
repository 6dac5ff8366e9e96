import type { Block, Doc, DocSection, Span, Text } from '../doc/blocks.js';
import { plainText } from '../doc/blocks.js';
import { escapeHtml } from './html-escape.js';

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Folder for the chart SVG files, relative to the Markdown file (`report-charts` beside `report.md`). */
  chartsDir: string;
}

/** A Markdown report and the chart files that go beside it. */
export interface MarkdownReport {
  markdown: string;
  /** Chart files: path relative to the Markdown file's folder (`<chartsDir>/<name>.svg`) and SVG text. */
  files: { path: string; content: string }[];
}

/** Escapes characters Markdown (GitHub flavour) would read as syntax, and `<`/`>`/`|`. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`)).replace(/\r?\n/g, ' ');
}

function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const runs = flat.match(/`+/g);
  const fence = '`'.repeat(runs ? Math.max(...runs.map((r) => r.length)) + 1 : 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function span(s: Span): string {
  const inner = s.code ? codeSpan(s.text) : escapeMarkdown(s.text);
  // hrefs are URLs already (path segments percent-encoded); only what ends a Markdown link is escaped.
  if (s.href !== undefined) return `[${inner}](${s.href.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
  return inner;
}

/** A text as inline Markdown. */
export function textMarkdown(text: Text): string {
  if (typeof text === 'string') return escapeMarkdown(text);
  if (!Array.isArray(text)) return span(text as Span);
  let out = '';
  for (const part of text as readonly (string | Span)[]) out += typeof part === 'string' ? escapeMarkdown(part) : span(part);
  return out;
}

class MarkdownWriter {
  readonly out: string[] = [];
  readonly files: { path: string; content: string }[] = [];
  constructor(private readonly options: MarkdownOptions) {}

  block(b: Block, depth: number): void {
    const out = this.out;
    switch (b.kind) {
      case 'paragraph':
        out.push(textMarkdown(b.text), '');
        return;
      case 'fields':
        for (const [label, value] of b.fields) out.push(`- **${escapeMarkdown(label)}:** ${textMarkdown(value)}`);
        out.push('');
        return;
      case 'table': {
        out.push(`| ${b.columns.map((c) => escapeMarkdown(c.title)).join(' | ')} |`);
        out.push(`|${b.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`);
        for (const row of b.rows) out.push(`| ${row.map((cell) => textMarkdown(cell)).join(' | ')} |`);
        out.push('');
        return;
      }
      case 'list':
        for (const item of b.items) out.push(`- ${textMarkdown(item)}`);
        out.push('');
        return;
      case 'code': {
        const runs = b.text.match(/`{3,}/g);
        const fence = '`'.repeat(runs ? Math.max(...runs.map((r) => r.length)) + 1 : 3);
        out.push(fence, b.text, fence, '');
        return;
      }
      case 'figure': {
        const path = `${this.options.chartsDir}/${b.name}.svg`;
        this.files.push({ path, content: b.svg });
        out.push(`**${escapeMarkdown(b.title)}**`, '', `![${escapeMarkdown(b.title)}](${encodeURI(path)})`, '');
        if (b.caption !== undefined) out.push(`<sub>${escapeHtml(plainText(b.caption))}</sub>`, '');
        return;
      }
      case 'section':
        this.section(b.section, depth + 1);
        return;
    }
  }

  section(s: DocSection, depth: number): void {
    const out = this.out;
    if (s.collapsed) {
      const sub = s.subtitle !== undefined ? ` — ${plainText(s.subtitle)}` : '';
      out.push(`<details id="${escapeHtml(s.id)}"><summary><b>${escapeHtml(plainText(s.title))}</b>${escapeHtml(sub)}</summary>`, '');
      for (const b of s.blocks) this.block(b, depth);
      out.push('</details>', '');
      return;
    }
    const mark = s.tone === 'warn' ? '⚠ ' : '';
    out.push(`<a id="${escapeHtml(s.id)}"></a>`, '', `${'#'.repeat(Math.min(6, depth + 1))} ${mark}${textMarkdown(s.title)}`, '');
    if (s.subtitle !== undefined) out.push(textMarkdown(s.subtitle), '');
    for (const b of s.blocks) this.block(b, depth);
  }
}

/**
 * Renders a document as GitHub-flavoured Markdown: headings, bullet lists of fields, pipe tables,
 * folded per-iteration detail in `<details>`, and each chart as an image link to an SVG file in
 * `chartsDir` (returned in `files`, to be written beside the Markdown). Text is escaped.
 */
export function renderMarkdown(doc: Doc, options: MarkdownOptions): MarkdownReport {
  const w = new MarkdownWriter(options);
  w.out.push(`# ${escapeMarkdown(doc.title)}`, '');
  if (doc.subtitle !== undefined) w.out.push(textMarkdown(doc.subtitle), '');
  w.out.push(doc.sections.map((s) => `[${escapeMarkdown(plainText(s.title))}](#${s.id})`).join(' · '), '');
  for (const s of doc.sections) w.section(s, 1);
  return { markdown: w.out.join('\n'), files: w.files };
}
