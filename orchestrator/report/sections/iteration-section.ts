import type { IterationRecord } from '../../runlog/fold/iteration-record.js';
import type { Block } from '../doc/blocks.js';
import type { IterationArtifacts } from '../model/report-input.js';

/** What a per-iteration section is built from. */
export interface IterationDetailContext {
  record: IterationRecord;
  /** The iteration folder's files and brief.json, when they were read. */
  artifacts?: IterationArtifacts;
}

/**
 * One section of an iteration's detail (brief, proposals, vote, …). `build` returns the blocks,
 * or an empty array when the iteration has nothing for it (the section is then left out).
 * Sections are listed in ./index.ts; a section for a new kind of data is one file and one line there.
 */
export interface IterationSectionSpec {
  /** Short id, unique among the sections (the anchor is `<iteration anchor>-<id>`). */
  id: string;
  title: string;
  build(ctx: IterationDetailContext): Block[];
}

/** The display name of an agent of the record (its name from agent_spawned, else the id). */
export function agentLabel(record: IterationRecord, agentId: string): string {
  for (const a of record.agents) if (a.agentId === agentId) return a.name ?? agentId;
  return agentId;
}
