import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The itercrew project (package) root: the nearest ancestor of this module that holds
 * package.json. Works from the TypeScript sources (vitest) and from the compiled `dist/` tree.
 *
 * @throws Error if no package.json is found above this module (a broken install).
 */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && !dir.endsWith(`${path.sep}dist`)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('itercrew: cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/**
 * Path of a compiled entry point under `dist/`, e.g. `distPath('workers/local-agent/main.js')`.
 * Processes itercrew spawns (local agents, the Strategy C evaluate command) run compiled JS.
 */
export function distPath(relative: string): string {
  return path.join(projectRoot(), 'dist', relative);
}
