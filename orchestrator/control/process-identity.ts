import { readFileSync } from 'node:fs';
import os from 'node:os';
import { z } from 'zod';

/**
 * Who holds a lock or runs a scheduler: pid, host name and the process's start time as the
 * kernel reports it (`/proc/<pid>/stat` field 22, clock ticks since boot; null where there is no
 * /proc). The start time tells a live holder from an unrelated process that got the same pid.
 */
export const ProcessIdentitySchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  procStart: z.string().nullable(),
});
export type ProcessIdentity = z.infer<typeof ProcessIdentitySchema>;

/** The kernel's start time of `pid` (clock ticks since boot), or null (no /proc, or no such process). */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid … : comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); the start time is field 22.
    if (fields[0] === 'Z') return null;
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

let self: ProcessIdentity | null = null;

/** This process's identity. */
export function thisProcess(): ProcessIdentity {
  self ??= { pid: process.pid, host: os.hostname(), procStart: processStartTime(process.pid) };
  return self;
}

/**
 * Whether the process `who` names is still running: `alive` or `dead` when it ran on this host
 * (pid signalled with 0, start time compared when known), `unknown` for another host.
 */
export function processState(who: ProcessIdentity): 'alive' | 'dead' | 'unknown' {
  if (who.host !== os.hostname()) return 'unknown';
  try {
    process.kill(who.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return 'dead';
  }
  if (who.procStart === null) return 'alive';
  const now = processStartTime(who.pid);
  // A zombie or an unreadable stat: the process is gone (or never was ours to judge).
  if (now === null) return existsProc() ? 'dead' : 'alive';
  return now === who.procStart ? 'alive' : 'dead';
}

function existsProc(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}
