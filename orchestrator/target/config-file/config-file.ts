import { readFile } from 'node:fs/promises';
import type { Params } from '../evaluate-protocol.js';
import { diffParams, type ParamChange } from '../diff/params-diff.js';
import { ConfigFileError } from '../errors/index.js';
import { writeFileAtomic } from './atomic-write.js';
import type { ConfigDocument } from './config-document.js';
import { configFormatOf, type ConfigFormat } from './config-format.js';
import { JsonConfigDocument } from './json-config.js';
import { TomlConfigDocument } from './toml-config.js';
import { YamlConfigDocument } from './yaml-config.js';

/**
 * Parses config text in the given format.
 *
 * @param file used in messages only.
 * @throws ConfigFileError `config_file_unparseable` (with line and column).
 */
export function parseConfigDocument(text: string, format: ConfigFormat, file: string): ConfigDocument {
  switch (format) {
    case 'json':
      return new JsonConfigDocument(text, file);
    case 'toml':
      return new TomlConfigDocument(text, file);
    case 'yaml':
      return new YamlConfigDocument(text, file);
  }
}

/**
 * Reads and parses a config file; the format comes from the extension.
 *
 * @throws ConfigFileError `config_file_unsupported` (extension), `config_file_unreadable`, `config_file_unparseable`.
 */
export async function readConfigDocument(file: string): Promise<ConfigDocument> {
  const format = configFormatOf(file);
  if (format === undefined) throw new ConfigFileError('config_file_unsupported', file, 'unsupported config file extension (use .json, .toml, .yaml or .yml)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError('config_file_unreadable', file, `cannot read config file: ${(error as Error).message}`, { cause: error });
  }
  return parseConfigDocument(text, format, file);
}

/**
 * Reads the params table at `keys` (see parseParamsPath) of a config file.
 *
 * @throws ConfigFileError (unreadable, unparseable, params missing or non-scalar).
 */
export async function readParams(file: string, keys: readonly string[]): Promise<Params> {
  return (await readConfigDocument(file)).getParams(keys);
}

/** What {@link writeParams} did. */
export interface WriteParamsResult {
  /** The params table before. */
  before: Params;
  /** The params table after (as read back from the new text). */
  after: Params;
  /** before → after. */
  diff: ParamChange[];
}

/**
 * Sets parameters in a config file's params table, keeping the file's format (and comments for
 * TOML and YAML), and replaces the file atomically (temp file, fsync, rename). Parameters not in
 * `updates` are kept. If the values are already there, the file is not rewritten.
 *
 * @throws ConfigFileError on a read, parse or edit problem (file untouched), or
 *   `config_file_unwritable` when the atomic write fails (file untouched).
 */
export async function writeParams(file: string, keys: readonly string[], updates: Params): Promise<WriteParamsResult> {
  const doc = await readConfigDocument(file);
  const before = doc.getParams(keys);
  doc.updateParams(keys, updates);
  const text = doc.toString();
  const after = parseConfigDocument(text, doc.format, file).getParams(keys);
  const diff = diffParams(before, after);
  if (diff.length > 0) {
    try {
      await writeFileAtomic(file, text);
    } catch (error) {
      throw new ConfigFileError('config_file_unwritable', file, `cannot write config file: ${(error as Error).message}`, { cause: error });
    }
  }
  return { before, after, diff };
}
