import type { Block, Doc, DocSection, Span, Text } from '../doc/blocks.js';
import { REPORT_CSS } from './html-style.js';
import { escapeHtml } from './html-escape.js';

function span(s: Span): string {
  let inner = escapeHtml(s.text);
  if (s.code) inner = `<code>${inner}</code>`;
  const title = s.title !== undefined ? ` title="${escapeHtml(s.title)}"` : '';
  const cls = s.tone !== undefined ? ` class="${s.tone}"` : '';
  if (s.href !== undefined) return `<a href="${escapeHtml(s.href)}"${cls}${title}>${inner}</a>`;
  return cls !== '' || title !== '' ? `<span${cls}${title}>${inner}</span>` : inner;
}

/** A text as HTML (escaped). */
export function textHtml(text: Text): string {
  if (typeof text === 'string') return escapeHtml(text);
  if (!Array.isArray(text)) return span(text as Span);
  let out = '';
  for (const part of text as readonly (string | Span)[]) out += typeof part === 'string' ? escapeHtml(part) : span(part);
  return out;
}

function block(out: string[], b: Block, depth: number): void {
  switch (b.kind) {
    case 'paragraph':
      out.push(`<p>${textHtml(b.text)}</p>`);
      return;
    case 'fields':
      out.push('<dl class="fields">');
      for (const [label, value] of b.fields) out.push(`<dt>${escapeHtml(label)}</dt><dd>${textHtml(value)}</dd>`);
      out.push('</dl>');
      return;
    case 'table': {
      const right = b.columns.map((c) => c.align === 'right');
      const open = b.columns.map((c) => {
        const cls = c.align === 'right' ? 'r' : c.layout === 'nowrap' ? 'nw' : c.layout === 'long' ? 'long' : '';
        return cls === '' ? '<td>' : `<td class="${cls}">`;
      });
      out.push(`<div class="table-wrap"${b.id !== undefined ? ` id="${escapeHtml(b.id)}-wrap"` : ''}><table${b.id !== undefined ? ` id="${escapeHtml(b.id)}"` : ''}><thead><tr>`);
      for (let i = 0; i < b.columns.length; i++) out.push(`<th${right[i] ? ' class="r"' : ''}>${escapeHtml((b.columns[i] as { title: string }).title)}</th>`);
      out.push('</tr></thead><tbody>');
      for (const row of b.rows) {
        let html = '<tr>';
        for (let i = 0; i < row.length; i++) html += `${open[i] ?? '<td>'}${textHtml(row[i] as Text)}</td>`;
        out.push(`${html}</tr>`);
      }
      out.push('</tbody></table></div>');
      return;
    }
    case 'list':
      out.push('<ul>');
      for (const item of b.items) out.push(`<li>${textHtml(item)}</li>`);
      out.push('</ul>');
      return;
    case 'code':
      out.push(`<pre>${escapeHtml(b.text)}</pre>`);
      return;
    case 'figure':
      out.push(`<figure class="chart" id="chart-${escapeHtml(b.name)}"><figcaption>${escapeHtml(b.title)}</figcaption>${b.svg}`);
      if (b.caption !== undefined) out.push(`<p>${textHtml(b.caption)}</p>`);
      out.push('</figure>');
      return;
    case 'section':
      section(out, b.section, depth + 1);
      return;
  }
}

function section(out: string[], s: DocSection, depth: number): void {
  const tone = s.tone !== undefined ? ` ${s.tone}` : '';
  if (s.collapsed) {
    out.push(`<details class="section${tone}" id="${escapeHtml(s.id)}"><summary><span class="title">${textHtml(s.title)}</span>`);
    if (s.subtitle !== undefined) out.push(`<span class="sub">${textHtml(s.subtitle)}</span>`);
    out.push('</summary>');
    for (const b of s.blocks) block(out, b, depth);
    out.push('</details>');
    return;
  }
  const h = `h${Math.min(6, depth + 1)}`;
  out.push(`<section id="${escapeHtml(s.id)}"${tone ? ` class="${s.tone}"` : ''}><${h}>${textHtml(s.title)}</${h}>`);
  if (s.subtitle !== undefined) out.push(`<p class="muted">${textHtml(s.subtitle)}</p>`);
  for (const b of s.blocks) block(out, b, depth);
  out.push('</section>');
}

/**
 * Renders a document as one self-contained HTML page: inline CSS, inline SVG charts, no script,
 * nothing fetched. Top-level sections are listed in a navigation bar; every text is escaped.
 */
export function renderHtml(doc: Doc): string {
  const out: string[] = [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(doc.title)}</title><style>${REPORT_CSS}</style></head><body>`,
    `<header><h1>${escapeHtml(doc.title)}</h1>`,
  ];
  if (doc.subtitle !== undefined) out.push(`<p>${textHtml(doc.subtitle)}</p>`);
  out.push('<nav>');
  for (const s of doc.sections) out.push(`<a href="#${escapeHtml(s.id)}">${textHtml(s.title)}</a>`);
  out.push('</nav></header><main>');
  for (const s of doc.sections) section(out, s, 1);
  out.push('</main></body></html>\n');
  return out.join('');
}
