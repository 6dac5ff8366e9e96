import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { jsonErrorOffset } from '../config-file/json-error-position.js';
import { TargetConfigError } from '../errors/index.js';
import { parseTargetDefinition, type LoadTargetOptions } from './parse-target.js';
import type { Target } from './target.js';

export { parseTargetDefinition, type LoadTargetOptions, type ParseTargetOptions } from './parse-target.js';

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * Loads a target definition file (YAML or JSON by extension) and resolves it into a {@link Target}.
 *
 * Resolution: relative `repo` → against `<runsDir>/<name>`; `configFile` → inside the repo;
 * `seed.configFile` → against the definition file's folder; placeholders expanded in `repo`,
 * commands (argv, cwd, env). Checks beyond the schema: supported config extension, params path,
 * invariant syntax and parameter names, unknown placeholders, and that the seed file exists, has
 * the config file's format, holds the params table and satisfies the space and invariants.
 *
 * @throws TargetConfigError naming the file and every bad field path (never a raw stack trace
 *   for a user mistake): unreadable file, YAML/JSON syntax error (with line and column), or any
 *   invalid field.
 */
export async function loadTarget(file: string, options: LoadTargetOptions = {}): Promise<Target> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new TargetConfigError(absolute, [{ path: '', message: `cannot read file: ${(error as Error).message}` }], { cause: error });
  }
  const ext = path.extname(absolute).toLowerCase();
  let data: unknown;
  if (ext === '.json') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      const offset = jsonErrorOffset(text);
      const where = offset === undefined ? '' : ` at ${lineColumn(text, offset)}`;
      throw new TargetConfigError(absolute, [{ path: '', message: `invalid JSON${where}` }], { cause: error });
    }
  } else if (ext === '.yaml' || ext === '.yml') {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
    if (doc.errors.length > 0) {
      const issues = doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const msg = e.message.split('\n')[0] ?? e.message;
        return { path: '', message: `invalid YAML at line ${pos.line}, column ${pos.col}: ${msg}` };
      });
      throw new TargetConfigError(absolute, issues);
    }
    data = doc.toJS();
  } else {
    throw new TargetConfigError(absolute, [{ path: '', message: 'a target definition must be a .yaml, .yml or .json file' }]);
  }
  return parseTargetDefinition(data, { ...options, source: absolute, baseDir: path.dirname(absolute) });
}
