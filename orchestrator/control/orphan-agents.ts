import { readFileSync } from 'node:fs';
import { killProcessGroup, processGroupAlive } from '../../workers/runtimes/process-group.js';
import type { IterationRecord } from '../runlog/fold/iteration-record.js';
import type { RunLog } from '../runlog/run-log.js';

/** Whether process `pid` on this host is the agent `agentId` (its environment or command line names it). */
function isAgentProcess(pid: number, agentId: string): boolean {
  for (const file of [`/proc/${pid}/environ`, `/proc/${pid}/cmdline`]) {
    try {
      if (readFileSync(file).includes(agentId)) return true;
    } catch {
      // gone, or not ours to read
    }
  }
  return false;
}

/**
 * Closes the agents of an interrupted iteration (its process died — SIGKILL, crash — without
 * logging their exits): an agent process still running on this host, recognised by its agent id
 * in /proc/<pid>/environ or cmdline (so a reused pid is never killed), is killed with its whole
 * process tree; every agent without an `agent_exited` event gets one saying what became of it.
 * Agents of another host cannot be reached and are recorded as lost.
 *
 * @returns the agents recorded, with whether each was found running and killed.
 */
export async function closeOrphanAgents(runLog: RunLog, record: IterationRecord): Promise<Array<{ agentId: string; killed: boolean }>> {
  const out: Array<{ agentId: string; killed: boolean }> = [];
  for (const agent of record.agents.filter((a) => !a.exited)) {
    const pid = agent.pid ?? null;
    const running = pid !== null && processGroupAlive(pid) && isAgentProcess(pid, agent.agentId);
    if (running) await killProcessGroup(pid, 1_000);
    await runLog.append({
      type: 'agent_exited',
      iterationId: record.iterationId,
      agentId: agent.agentId,
      exitCode: null,
      signal: running ? 'SIGTERM' : null,
      durationMs: Math.max(0, Date.now() - Date.parse(record.startedAt)),
      reason: running
        ? 'killed: still running after the process conducting its iteration died'
        : 'lost: the process conducting its iteration died before the agent’s exit was seen',
    });
    out.push({ agentId: agent.agentId, killed: running });
  }
  return out;
}

/** People's text on how far an interrupted iteration got: `last completed phase: decide, run <id>`. */
export function interruptionDetail(record: IterationRecord): string {
  const last = record.phases.at(-1)?.phase;
  return `${last ? `last completed phase: ${last}` : 'no phase completed'}${record.runId ? `, run ${record.runId}` : ''}`;
}
