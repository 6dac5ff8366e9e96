import type { Params } from '../evaluate-protocol.js';
import { ConfigFileError } from '../errors/index.js';
import type { ConfigDocument } from './config-document.js';
import { jsonErrorOffset } from './json-error-position.js';
import { extractParams, isTable } from './params-table.js';

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** A JSON config file: key order, indentation (detected) and the final newline are kept. */
export class JsonConfigDocument implements ConfigDocument {
  readonly format = 'json' as const;
  private readonly data: unknown;
  private readonly indent: string;
  private readonly finalNewline: boolean;

  /**
   * @throws ConfigFileError `config_file_unparseable` with line and column of the syntax error.
   */
  constructor(text: string, readonly file: string) {
    try {
      this.data = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const offset = jsonErrorOffset(text);
      const where = offset === undefined ? undefined : lineColumn(text, offset);
      const reason = message.replace(/, ".*" is not valid JSON$/s, '');
      throw new ConfigFileError('config_file_unparseable', file, `invalid JSON: ${reason}`, { cause: error, ...where });
    }
    const indented = /^[ \t]+(?=\S)/m.exec(text);
    this.indent = text.includes('\n') && indented ? indented[0] : '';
    this.finalNewline = text.endsWith('\n');
  }

  toData(): unknown {
    return this.data;
  }

  getParams(keys: readonly string[]): Params {
    return extractParams(this.data, keys, this.file);
  }

  updateParams(keys: readonly string[], updates: Params): void {
    this.getParams(keys);
    let table = this.data as Record<string, unknown>;
    for (const key of keys) table = table[key] as Record<string, unknown>;
    if (!isTable(table)) throw new ConfigFileError('config_params_invalid', this.file, 'params table vanished');
    Object.assign(table, updates);
  }

  toString(): string {
    return JSON.stringify(this.data, null, this.indent) + (this.finalNewline ? '\n' : '');
  }
}
