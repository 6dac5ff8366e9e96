import { readdirSync, readFileSync } from 'node:fs';

/**
 * Killing a whole process tree. Agents are spawned `detached`, which makes each one the leader
 * of its own process group; everything it starts joins that group unless it detaches itself.
 * Signalling `-pid` reaches the whole group.
 *
 * Liveness ignores zombies: in containers whose PID 1 never reaps orphans, a dead grandchild
 * stays a zombie forever and `kill(-pgid, 0)` would call the group alive. On Linux the group's
 * members are read from /proc (state `Z` = zombie = gone); elsewhere `kill(-pgid, 0)` is used.
 */

const hasProc = (() => {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
})();

/** One live (non-zombie) process as read from /proc/<pid>/stat. */
interface ProcEntry {
  pid: number;
  ppid: number;
  pgrp: number;
}

/** Every live (non-zombie) process, read from /proc. */
function liveProcesses(): ProcEntry[] {
  const out: ProcEntry[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z') out.push({ pid: Number(entry), ppid: Number(fields[1]), pgrp: Number(fields[2]) });
  }
  return out;
}

/** Pids of the live (non-zombie) processes in group `pgid`, read from /proc. */
function liveMembersFromProc(pgid: number): number[] {
  return liveProcesses()
    .filter((p) => p.pgrp === pgid)
    .map((p) => p.pid);
}

/**
 * The process groups of a tree: the root's own group plus the group of every descendant (by
 * parent pid) — descendants that detached into groups of their own (e.g. the evaluate commands
 * an agent runs) are found here before anything is signalled, so killing the agent first cannot
 * orphan them out of reach. Without /proc: just `[rootPid]`.
 */
export function processTreeGroups(rootPid: number): number[] {
  if (!hasProc) return [rootPid];
  const procs = liveProcesses();
  const children = new Map<number, ProcEntry[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const groups = new Set<number>([rootPid]);
  const stack = [rootPid];
  for (const p of procs) if (p.pgrp === rootPid && p.pid !== rootPid) stack.push(p.pid);
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    for (const c of children.get(pid) ?? []) {
      groups.add(c.pgrp);
      stack.push(c.pid);
    }
  }
  return [...groups];
}

/** True if any non-zombie process of the group led by `pgid` is alive. */
export function processGroupAlive(pgid: number): boolean {
  if (hasProc) return liveMembersFromProc(pgid).length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends `signal` to the process group led by `pgid`; ignores a group that is already gone. */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/**
 * Kills a process tree: SIGTERM to the group led by `pgid` and to every process group of its
 * descendants ({@link processTreeGroups}), then SIGKILL after `graceMs` to whatever is still
 * alive; resolves once all of them are gone (polled every 20 ms, at most `graceMs` + 2 s).
 *
 * @param pgid the tree's root pid, which leads its own process group (spawned detached).
 * @param graceMs time between SIGTERM and SIGKILL, ms. Default 2 000.
 */
export async function killProcessGroup(pgid: number, graceMs = 2_000): Promise<void> {
  const groups = processTreeGroups(pgid);
  const alive = (): boolean => groups.some((g) => processGroupAlive(g));
  for (const g of groups) signalProcessGroup(g, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await sleep(20);
  for (const g of groups) if (processGroupAlive(g)) signalProcessGroup(g, 'SIGKILL');
  const hard = Date.now() + 2_000;
  while (alive() && Date.now() < hard) await sleep(20);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
