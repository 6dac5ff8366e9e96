import { readFileSync } from 'node:fs';
import { projectRoot } from '../paths.js';
import path from 'node:path';

/** The `version` field of itercrew's package.json. */
export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
