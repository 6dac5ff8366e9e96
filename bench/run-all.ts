/**
 * `npm run bench`: runs every benchmark in dist/bench/ one after another (each in its own
 * process, so one's memory and JIT state do not colour the next) and prints their output.
 * Pass names to run only some: `npm run bench -- iteration-overhead strategy-c-steps`.
 *
 * A benchmark is a top-level script of dist/bench/. Not benchmarks, so never run: this file,
 * files starting with `_`, and helper modules — top-level files another script of the folder
 * imports (e.g. report-sample-log, which report-10k uses to write its run log). Support code in
 * sub-folders (chat-support/, …) is never listed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Names (without `.js`) of the top-level scripts in `dir` that another top-level script imports
 * (`from './<name>.js'` or `import('./<name>.js')`): helper modules, not benchmarks.
 */
export function helperModules(dir: string, files: readonly string[]): Set<string> {
  const helpers = new Set<string>();
  const spec = /(?:from\s*|import\s*\(\s*)['"]\.\/([^'"/]+)\.js['"]/g;
  for (const file of files) {
    for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(spec)) {
      if (m[1] !== file.replace(/\.js$/, '')) helpers.add(m[1] as string);
    }
  }
  return helpers;
}

const wanted = process.argv.slice(2);
const scripts = readdirSync(here).filter((f) => f.endsWith('.js') && f !== 'run-all.js' && !f.startsWith('_'));
const helpers = helperModules(here, scripts);
const benches = scripts
  .filter((f) => !helpers.has(f.replace(/\.js$/, '')))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.js$/, '')))
  .sort();
for (const name of wanted) {
  if (helpers.has(name)) process.stdout.write(`(${name} is a helper module of another benchmark, not a benchmark: not run)\n`);
  else if (!benches.some((f) => f === `${name}.js`)) process.stdout.write(`(no benchmark named ${name} in ${here})\n`);
}
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n=== ${file.replace(/\.js$/, '')} ===\n`);
  const r = await execa(process.execPath, [path.join(here, file)], { stdout: 'inherit', stderr: 'inherit', reject: false });
  if (r.exitCode !== 0) {
    failed++;
    process.stdout.write(`(${file} exited with ${r.exitCode ?? r.signal})\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
