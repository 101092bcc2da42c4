import { readdir, readFile } from 'node:fs/promises';

/** Every process whose process group is one of `groups` (read from /proc, so Linux only), for leak checks. */
export async function membersOfGroups(groups: readonly number[]): Promise<number[]> {
  const members: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name "(…)": state ppid pgrp …
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (groups.includes(pgrp)) members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}
