import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadSettings, type LoadedSettings } from '../../../orchestrator/settings/settings.js';

/** Deadlines short enough for tests, long enough for real local agents on a busy machine. */
export const TEST_DEADLINES = { spawnMs: 10_000, proposeMs: 15_000, voteMs: 8_000, decideMs: 8_000, closeMs: 2_000, measureMs: 20_000 };

/**
 * Writes a settings file into `dir` (runs in `<dir>/runs`, the given target files, one local
 * tuner, test deadlines) merged with `overrides`, and loads it.
 */
export async function writeSettings(dir: string, targetFiles: string[], overrides: Record<string, unknown> = {}): Promise<{ file: string; settings: LoadedSettings }> {
  const file = path.join(dir, 'itercrew.yaml');
  const doc = {
    runsDir: path.join(dir, 'runs'),
    targets: targetFiles,
    team: [{ role: 'tuner', runtime: 'local', heuristic: 'coordinate' }],
    deadlines: TEST_DEADLINES,
    chat: { mode: 'embedded', electionOptOutMs: 300 },
    ...overrides,
  };
  await writeFile(file, stringify(doc));
  return { file, settings: loadSettings(file) };
}
