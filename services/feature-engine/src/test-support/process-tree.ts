import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface ProcessEntry {
  pid: number;
  command: string;
}

/** Running processes (zombies excluded), from `ps`. */
async function processTable(): Promise<(ProcessEntry & { ppid: number })[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,ppid=,stat=,args=']);
  return stdout.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match === null || match[3]?.startsWith('Z') === true) return [];
    return [{ pid: Number(match[1]), ppid: Number(match[2]), command: match[4] ?? '' }];
  });
}

/**
 * Every process started under `pid`, at any depth: what must not outlive it.
 * Measured on the process's own tree rather than by name, so processes of
 * other tests or services on the machine do not count.
 */
export async function descendants(pid: number): Promise<ProcessEntry[]> {
  const table = await processTable();
  const found: ProcessEntry[] = [];
  const parents = [pid];
  while (parents.length > 0) {
    const parent = parents.pop();
    for (const entry of table) {
      if (entry.ppid !== parent) continue;
      found.push({ pid: entry.pid, command: entry.command });
      parents.push(entry.pid);
    }
  }
  return found;
}

/** Those of `processes` still running (zombies are not). */
export async function stillRunning(processes: readonly ProcessEntry[]): Promise<ProcessEntry[]> {
  // By id and command line, so an id the kernel has handed to a new process does not count.
  const running = new Set((await processTable()).map((entry) => `${entry.pid} ${entry.command}`));
  return processes.filter((entry) => running.has(`${entry.pid} ${entry.command}`));
}
