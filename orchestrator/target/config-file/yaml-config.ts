import { isMap, isScalar, LineCounter, parse, parseDocument, type Document } from 'yaml';
import type { ParamValue, Params } from '../evaluate-protocol.js';
import { ConfigFileError } from '../errors/index.js';
import type { ConfigDocument } from './config-document.js';
import { formatParamsPath } from './params-path.js';
import { extractParams } from './params-table.js';
import { canonicalJson } from './canonical-json.js';

/** YAML text of a parameter value in the quoting style of the value it replaces. */
function yamlLiteral(value: ParamValue, oldSource: string): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    const s = String(value);
    const floatStyle = /^[+-]?(?:\d*\.\d|\d+[eE])/.test(oldSource.trim());
    return floatStyle && Number.isInteger(value) && !/e/i.test(s) ? `${s}.0` : s;
  }
  if (oldSource.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  const plainSafe = /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(value) && parse(value) === value;
  return oldSource.startsWith('"') || !plainSafe ? JSON.stringify(value) : value;
}

/**
 * A YAML config file (the `yaml` library). A changed value is replaced in the source text at
 * the position the parser reports for it, in the same quoting style, so comments, alignment and
 * everything else stay byte for byte; a new key is added through the `yaml` Document API
 * (comments kept). After each edit the text is parsed again and checked to equal the intended
 * document.
 */
export class YamlConfigDocument implements ConfigDocument {
  readonly format = 'yaml' as const;
  private text: string;
  private doc: Document.Parsed;

  /**
   * @throws ConfigFileError `config_file_unparseable` with line and column of the first error.
   */
  constructor(text: string, readonly file: string) {
    this.text = text;
    this.doc = this.parseText(text);
  }

  private parseText(text: string): Document.Parsed {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: true, lineCounter });
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = lineCounter.linePos(error.pos[0]);
      const message = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
      throw new ConfigFileError('config_file_unparseable', this.file, `invalid YAML (${error.code}): ${message}`, { cause: error, line: pos.line, column: pos.col });
    }
    return doc;
  }

  toData(): unknown {
    return this.doc.toJS();
  }

  getParams(keys: readonly string[]): Params {
    return extractParams(this.toData(), keys, this.file);
  }

  updateParams(keys: readonly string[], updates: Params): void {
    const before = this.getParams(keys);
    const table: unknown = keys.length === 0 ? this.doc.contents : this.doc.getIn(keys, true);
    if (!isMap(table)) throw new ConfigFileError('config_params_invalid', this.file, `${formatParamsPath(keys)} is not a YAML mapping that can be edited in place`);

    const edits: { from: number; to: number; text: string }[] = [];
    const added: Params = {};
    for (const [name, value] of Object.entries(updates)) {
      if (Object.hasOwn(before, name) && before[name] === value) continue;
      const node = table.get(name, true);
      if (!isScalar(node)) {
        added[name] = value;
        continue;
      }
      const [from, to] = node.range ?? [];
      if (from === undefined || to === undefined || node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL')
        throw new ConfigFileError('config_params_invalid', this.file, `cannot edit ${formatParamsPath([...keys, name])} in place (a block scalar)`);
      edits.push({ from, to, text: yamlLiteral(value, this.text.slice(from, to)) });
    }
    let text = this.text;
    for (const e of edits.sort((a, b) => b.from - a.from)) text = text.slice(0, e.from) + e.text + text.slice(e.to);
    let doc = this.parseText(text);
    if (Object.keys(added).length > 0) {
      const inserted = this.insertKeys(text, doc, keys, added);
      if (inserted !== undefined && this.parsesTo(inserted, keys, updates)) {
        text = inserted;
      } else {
        // Flow mapping or unusual layout: let the Document API add the keys (comments kept).
        const map: unknown = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
        if (!isMap(map)) throw new ConfigFileError('config_params_invalid', this.file, `${formatParamsPath(keys)} vanished while editing`);
        for (const [name, value] of Object.entries(added)) map.set(name, value);
        text = doc.toString({ lineWidth: 0 });
      }
      doc = this.parseText(text);
    }
    if (!this.matches(doc, keys, updates))
      throw new ConfigFileError('config_params_invalid', this.file, `editing ${formatParamsPath(keys)} in place did not give the intended document (nothing was changed)`);
    this.text = text;
    this.doc = doc;
  }

  /** Whether `text` parses to the current document with `updates` applied. */
  private parsesTo(text: string, keys: readonly string[], updates: Params): boolean {
    try {
      return this.matches(this.parseText(text), keys, updates);
    } catch {
      return false;
    }
  }

  /** Whether `doc` equals the current document with `updates` applied to the table at `keys`. */
  private matches(doc: Document.Parsed, keys: readonly string[], updates: Params): boolean {
    const expected = this.doc.toJS() as Record<string, unknown>;
    let target = expected;
    for (const key of keys) target = target[key] as Record<string, unknown>;
    Object.assign(target, updates);
    return canonicalJson(doc.toJS()) === canonicalJson(expected);
  }

  /** Text with `name: value` lines added after the last entry of a block mapping, at its indentation; undefined for flow mappings. */
  private insertKeys(text: string, doc: Document.Parsed, keys: readonly string[], added: Params): string | undefined {
    const map: unknown = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
    if (!isMap(map) || map.flow === true || map.items.length === 0) return undefined;
    const firstKey = map.items[0]?.key as { range?: [number, number, number] } | undefined;
    const lastValue = map.items.at(-1)?.value as { range?: [number, number, number] } | undefined;
    if (firstKey?.range === undefined || lastValue?.range === undefined) return undefined;
    const keyStart = firstKey.range[0];
    const indent = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
    let at = text.indexOf('\n', Math.max(lastValue.range[1] - 1, 0));
    if (at < 0) at = text.length;
    const lines = Object.entries(added).map(([name, value]) => `\n${' '.repeat(indent)}${name}: ${yamlLiteral(value, '')}`);
    return text.slice(0, at) + lines.join('') + text.slice(at);
  }

  toString(): string {
    return this.text;
  }
}
