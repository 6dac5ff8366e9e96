import { parse, TomlError } from 'smol-toml';
import type { ParamValue, Params } from '../evaluate-protocol.js';
import { ConfigFileError } from '../errors/index.js';
import type { ConfigDocument } from './config-document.js';
import { formatParamsPath } from './params-path.js';
import { canonicalJson } from './canonical-json.js';
import { extractParams } from './params-table.js';

const HEADER = /^\s*\[\s*([^[\]]+?)\s*\]\s*(?:#.*)?$/;
const ARRAY_HEADER = /^\s*\[\[/;

/** Splits a TOML table header's dotted key (`a."b.c".d`) into keys. */
function headerKeys(text: string): string[] | undefined {
  const keys: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(\.|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    const raw = m[1] as string;
    keys.push(raw.startsWith('"') ? (JSON.parse(raw) as string) : raw.startsWith("'") ? raw.slice(1, -1) : raw);
    if (m[2] === '') return keys;
  }
  return re.lastIndex >= text.length ? keys : undefined;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** TOML text of a parameter value; `floatStyle` keeps a float literal a float (8 → 8.0). */
function tomlLiteral(value: ParamValue, floatStyle: boolean): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (!Number.isFinite(value)) throw new Error(`cannot write non-finite number ${value}`);
  const s = String(value);
  return floatStyle && Number.isInteger(value) && !/e/i.test(s) ? `${s}.0` : s;
}

/** The extent of a scalar value literal at the start of `text`, or undefined for multi-line strings, arrays and inline tables. */
function literalLength(text: string): number | undefined {
  if (text.startsWith('"""') || text.startsWith("'''") || text.startsWith('[') || text.startsWith('{')) return undefined;
  if (text.startsWith('"')) {
    for (let i = 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i + 1;
    }
    return undefined;
  }
  if (text.startsWith("'")) {
    const end = text.indexOf("'", 1);
    return end < 0 ? undefined : end + 1;
  }
  const hash = text.indexOf('#');
  return (hash < 0 ? text : text.slice(0, hash)).trimEnd().length;
}

/**
 * A TOML config file (smol-toml parses it). Edits are made in place on the text: the value of
 * each changed `key = value` line inside the params table's `[header]` section is replaced and
 * everything else — comments, blank lines, order, other tables — stays byte for byte. New keys
 * are inserted after the table's last key. After each edit the text is parsed again and checked
 * to equal the intended document, so an edit can never silently corrupt the file.
 */
export class TomlConfigDocument implements ConfigDocument {
  readonly format = 'toml' as const;
  private text: string;
  private data: Record<string, unknown>;

  /**
   * @throws ConfigFileError `config_file_unparseable` with line and column of the syntax error.
   */
  constructor(text: string, readonly file: string) {
    this.text = text;
    this.data = this.parseText(text);
  }

  private parseText(text: string): Record<string, unknown> {
    try {
      return parse(text, { integersAsBigInt: 'asNeeded' }) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof TomlError) {
        const first = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
        throw new ConfigFileError('config_file_unparseable', this.file, `invalid TOML: ${first}`, { cause: error, line: error.line, column: error.column });
      }
      throw error;
    }
  }

  toData(): unknown {
    return this.data;
  }

  getParams(keys: readonly string[]): Params {
    return extractParams(this.data, keys, this.file);
  }

  updateParams(keys: readonly string[], updates: Params): void {
    const before = this.getParams(keys);
    const lines = this.text.split('\n');
    const section = this.findSection(lines, keys);
    for (const [name, value] of Object.entries(updates)) {
      if (Object.hasOwn(before, name) && before[name] === value) continue;
      const keyPattern = `(?:${escapeRegex(name)}|"${escapeRegex(name)}"|'${escapeRegex(name)}')`;
      const lineRe = new RegExp(`^(\\s*${keyPattern}\\s*=\\s*)(.*)$`);
      let edited = false;
      for (let i = section.start; i < section.end; i++) {
        const m = lineRe.exec(lines[i] as string);
        if (!m) continue;
        const prefix = m[1] as string;
        const rest = m[2] as string;
        const length = literalLength(rest);
        if (length === undefined) throw this.cannotEdit(keys, `the value of ${name} spans several lines or is not a scalar`);
        const old = rest.slice(0, length);
        const floatStyle = /^[+-]?(?:\d[\d_]*)?(?:\.\d|[eE])|^[+-]?(?:inf|nan)$/.test(old);
        lines[i] = prefix + tomlLiteral(value, floatStyle) + rest.slice(length);
        edited = true;
        break;
      }
      if (!edited) {
        if (Object.hasOwn(before, name)) throw this.cannotEdit(keys, `${name} is not written as a plain \`key = value\` line of the table`);
        let at = section.start;
        for (let i = section.start; i < section.end; i++) if (/^\s*[^\s#[]/.test(lines[i] as string)) at = i + 1;
        lines.splice(at, 0, `${name} = ${tomlLiteral(value, false)}`);
        section.end++;
      }
    }
    const text = lines.join('\n');
    const data = this.parseText(text);
    // The intended document: the current one with the updates applied (applied and undone in place).
    let table = this.data;
    for (const key of keys) table = table[key] as Record<string, unknown>;
    const saved = { ...table };
    Object.assign(table, updates);
    const expected = canonicalJson(this.data);
    for (const name of Object.keys(updates)) {
      if (Object.hasOwn(saved, name)) table[name] = saved[name];
      else delete table[name];
    }
    if (canonicalJson(data) !== expected) throw this.cannotEdit(keys, 'the in-place edit did not give the intended document (nothing was changed)');
    this.text = text;
    this.data = data;
  }

  private cannotEdit(keys: readonly string[], why: string): ConfigFileError {
    return new ConfigFileError('config_params_invalid', this.file, `cannot edit TOML table ${formatParamsPath(keys)} in place: ${why}`);
  }

  /** Line range [start, end) of the params table: after its `[header]` up to the next header; the root is before the first header. */
  private findSection(lines: readonly string[], keys: readonly string[]): { start: number; end: number } {
    let start = keys.length === 0 ? 0 : -1;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const isHeader = ARRAY_HEADER.test(line) || HEADER.test(line);
      if (!isHeader) continue;
      if (start >= 0) return { start, end: i };
      const m = HEADER.exec(line);
      const k = m && !ARRAY_HEADER.test(line) ? headerKeys(m[1] as string) : undefined;
      if (k && sameKeys(k, keys)) start = i + 1;
    }
    if (start < 0) throw this.cannotEdit(keys, `no [${keys.join('.')}] table header (dotted keys and inline tables are not edited in place)`);
    return { start, end: lines.length };
  }

  toString(): string {
    return this.text;
  }
}
