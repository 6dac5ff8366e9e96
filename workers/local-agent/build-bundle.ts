/**
 * Writes the local agent's bundle: `dist/workers/local-agent/bundle/main.js` and its chunks.
 * Run by `npm run build` after `tsc`: `node dist/workers/local-agent/build-bundle.js`.
 *
 * Why a bundle: every iteration starts three or more agent processes, and Node 20 spends most
 * of an agent's start-up resolving, reading and compiling its ~330 separate ES modules (execa
 * alone is 106, zod 95). esbuild (https://esbuild.github.io) folds them into a few files:
 *
 * - `main.js` holds what an agent needs to join its room (the ClawChat client and zod);
 * - the role (tuner or reviewer), pino and the WebSocket transport are split into chunks that
 *   load when first imported, so an agent joins before it has compiled code it does not need yet;
 * - zod's translations of its error messages (`z.locales`, ~360 KB, a fifth of the bundle) are
 *   replaced by English alone — the default, and the only one itercrew uses.
 *
 * Source maps are written beside the files (`node --enable-source-maps` to use them).
 *
 * @throws the esbuild error (exit code 1) when the compiled entry `dist/workers/local-agent/main.js`
 *   is missing or a module cannot be resolved.
 */
import { build, type Plugin } from 'esbuild';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { distPath } from '../../orchestrator/paths.js';
import { LOCAL_AGENT_BUNDLE_DIR } from './bundle-location.js';

/** Resolves zod's `../locales/index.js` to a module that exports English only. */
const englishOnlyZodLocales: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' };
    });
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

async function main(): Promise<void> {
  const outdir = distPath(LOCAL_AGENT_BUNDLE_DIR);
  await rm(outdir, { recursive: true, force: true });
  // esbuild resolves packages from the compiled entry's folder; check zod is there so a broken
  // install fails here with a clear message rather than in the first agent.
  createRequire(distPath('workers/local-agent/main.js')).resolve('zod');
  await build({
    entryPoints: [distPath('workers/local-agent/main.js')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
    // CommonJS dependencies (pino) call require() for Node's built-ins.
    banner: { js: "import { createRequire as __itercrewRequire } from 'node:module'; const require = __itercrewRequire(import.meta.url);" },
    plugins: [englishOnlyZodLocales],
  });
}

await main();
