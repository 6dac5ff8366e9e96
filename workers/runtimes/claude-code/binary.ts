import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Environment variable naming the `claude` executable. */
export const CLAUDE_BINARY_ENV = 'ITERCREW_CLAUDE_BINARY';

/**
 * The native Claude Code binary shipped in the npm package
 * `@anthropic-ai/claude-code-<platform>-<arch>` (one file, `claude`, at the package root), or
 * null when that package is not installed. itercrew installs it as a devDependency for its tests.
 */
export function packagedClaudeBinary(platform: string = process.platform, arch: string = process.arch): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve(`@anthropic-ai/claude-code-${platform}-${arch}/package.json`);
    const bin = path.join(path.dirname(pkg), platform === 'win32' ? 'claude.exe' : 'claude');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/**
 * The `claude` executable to run: `explicit` (settings `claudeCode.binary`), else
 * `ITERCREW_CLAUDE_BINARY`, else the packaged native binary, else `claude` (looked up on PATH at
 * spawn time; a missing binary is a `spawn_failed` agent, not a crash).
 */
export function locateClaudeBinary(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? env[CLAUDE_BINARY_ENV] ?? packagedClaudeBinary() ?? 'claude';
}
