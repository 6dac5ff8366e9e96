import path from 'node:path';

/** Where a target's output goes: `<runsDir>/<target>/…` (DESIGN.md, layout: runs/). */
export interface RunPaths {
  /** `<runsDir>/<target>`. */
  targetDir: string;
  /** The run log: `<targetDir>/events.jsonl`. */
  eventsFile: string;
  /** The example's workspace repo: `<targetDir>/workspace`. */
  workspaceDir: string;
  /** `<targetDir>/iterations`. */
  iterationsDir: string;
  /** Folder of one iteration (chat transcript, agents' stdout/stderr): `<iterationsDir>/<iterationId>`. */
  iterationDir(iterationId: string): string;
}

/** The run paths of a target. */
export function runPaths(runsDir: string, target: string): RunPaths {
  const targetDir = path.resolve(runsDir, target);
  const iterationsDir = path.join(targetDir, 'iterations');
  return {
    targetDir,
    eventsFile: path.join(targetDir, 'events.jsonl'),
    workspaceDir: path.join(targetDir, 'workspace'),
    iterationsDir,
    iterationDir: (iterationId: string) => {
      if (iterationId === '' || /[/\\]|^\.\.?$/.test(iterationId)) throw new RangeError(`bad iteration id for a folder name: ${JSON.stringify(iterationId)}`);
      return path.join(iterationsDir, iterationId);
    },
  };
}
