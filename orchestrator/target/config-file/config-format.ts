import path from 'node:path';

/** Config file formats itercrew reads and writes, keeping the format. */
export type ConfigFormat = 'json' | 'toml' | 'yaml';

/** The format of a config file by its extension (`.json`, `.toml`, `.yaml`/`.yml`, case-insensitive); undefined otherwise. */
export function configFormatOf(file: string): ConfigFormat | undefined {
  switch (path.extname(file).toLowerCase()) {
    case '.json':
      return 'json';
    case '.toml':
      return 'toml';
    case '.yaml':
    case '.yml':
      return 'yaml';
    default:
      return undefined;
  }
}
