import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { BriefMetadataSchema } from '../../iteration/room-messages.js';
import type { IterationArtifacts, IterationFile } from './report-input.js';

function rank(name: string): number {
  if (name === 'brief.json') return 0;
  if (name === 'transcript.jsonl') return 1;
  if (/\.(stdout|stderr)\.log$/.test(name)) return 2;
  return 3;
}

/**
 * Reads what an iteration left in its folder: the list of files (brief and transcript first, then
 * agent logs, then anything else, by name) with sizes and links made by `hrefOf`, and brief.json
 * validated against the brief schema. A missing folder gives undefined; a bad brief.json gives
 * `briefError` (the rest is still returned). Never throws for file problems.
 *
 * @param dir the iteration folder, runs/<target>/iterations/<id>.
 * @param hrefOf the link to a file of the folder, by name.
 */
export async function readIterationArtifacts(dir: string, hrefOf: (name: string) => string): Promise<IterationArtifacts | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const names = entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const files: IterationFile[] = await Promise.all(
    names.map(async (name) => ({ name, href: hrefOf(name), bytes: await stat(path.join(dir, name)).then((s) => s.size, () => 0) })),
  );
  const artifacts: IterationArtifacts = { files };
  if (names.includes('brief.json')) {
    try {
      const parsed = BriefMetadataSchema.safeParse(JSON.parse(await readFile(path.join(dir, 'brief.json'), 'utf8')));
      if (parsed.success) artifacts.brief = parsed.data;
      else artifacts.briefError = `not a valid brief: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(brief)'}: ${i.message}`).join('; ')}`;
    } catch (err) {
      artifacts.briefError = `unreadable: ${(err as Error).message}`;
    }
  }
  return artifacts;
}

/**
 * Link maker for files of iteration folders: a relative URL from `from` (the folder of the report)
 * when given, else the absolute file path (for the terminal).
 */
export function iterationFileHref(iterationDir: string, from: string | null): (name: string) => string {
  if (from === null) return (name) => path.join(iterationDir, name);
  const rel = path.relative(from, iterationDir).split(path.sep).filter(Boolean).map(encodeURIComponent).join('/');
  return (name) => `${rel === '' ? '' : `${rel}/`}${encodeURIComponent(name)}`;
}
