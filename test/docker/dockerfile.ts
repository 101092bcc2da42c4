import { posix } from 'node:path';

/** One instruction, its continuation lines joined. */
export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  /** The image or earlier stage it starts from. */
  from: string;
  name: string | undefined;
  instructions: DockerInstruction[];
}

export interface DockerCopy {
  /** The stage or image of `--from=`; undefined for the build context. */
  from: string | undefined;
  sources: string[];
  /** Absolute, resolved against the WORKDIR in force. */
  destination: string;
}

/**
 * The stages of a Dockerfile, as far as these tests read them: parser
 * directives and comments dropped, continuation lines joined.
 */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const line of logicalLines(text)) {
    const match = /^(\S+)\s*(.*)$/s.exec(line);
    if (match === null) continue;
    const keyword = (match[1] ?? '').toUpperCase();
    const args = (match[2] ?? '').trim();
    if (keyword === 'FROM') {
      const from = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (from === null) throw new Error(`unreadable FROM: ${args}`);
      stages.push({ from: from[1] ?? '', name: from[2], instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (stage === undefined) throw new Error(`${keyword} before any FROM`);
      stage.instructions.push({ keyword, args });
    }
  }
  return stages;
}

function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // Comment lines inside a continued instruction are dropped, as Docker does.
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const joined = (pending + line).trim();
    pending = '';
    if (joined !== '') lines.push(joined);
  }
  return lines;
}

export function instructionsOf(stage: DockerStage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map((i) => i.args);
}

/** Every COPY of the stage, destinations resolved against the WORKDIR in force. */
export function copiesOf(stage: DockerStage): DockerCopy[] {
  const copies: DockerCopy[] = [];
  let workdir = '/';
  for (const { keyword, args } of stage.instructions) {
    if (keyword === 'WORKDIR') workdir = posix.resolve(workdir, args);
    if (keyword !== 'COPY') continue;
    const words = args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
    const flags = words.filter((word) => word.startsWith('--'));
    const paths = words.filter((word) => !word.startsWith('--'));
    const destination = paths.pop();
    if (destination === undefined || paths.length === 0) throw new Error(`unreadable COPY: ${args}`);
    const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
    const resolved = posix.resolve(workdir, destination);
    copies.push({ from, sources: paths, destination: destination.endsWith('/') ? `${resolved}/` : resolved });
  }
  return copies;
}

/** Where a copied file lands: inside the destination when it is a directory (ends in `/`). */
export function copiedFilePath(copy: DockerCopy, source: string): string {
  return copy.destination.endsWith('/') ? posix.join(copy.destination, posix.basename(source)) : copy.destination;
}

/** The stage's ENV, `NAME=value` pairs as written (no expansion). */
export function envOf(stage: DockerStage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of instructionsOf(stage, 'ENV')) {
    for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
      env[match[1] ?? ''] = (match[2] ?? '').replace(/^"(.*)"$/, '$1');
    }
  }
  return env;
}

/** The last ENTRYPOINT or CMD in exec form (a JSON array); undefined when absent. */
export function execForm(stage: DockerStage, keyword: 'ENTRYPOINT' | 'CMD'): string[] | undefined {
  const args = instructionsOf(stage, keyword).at(-1);
  if (args === undefined) return undefined;
  if (!args.startsWith('['))
    throw new Error(`${keyword} is in shell form, which signals reach only the shell: ${args}`);
  return JSON.parse(args) as string[];
}

/** The HEALTHCHECK's command in exec form, its options dropped. */
export function healthcheckCommand(stage: DockerStage): string[] | undefined {
  const args = instructionsOf(stage, 'HEALTHCHECK').at(-1);
  if (args === undefined) return undefined;
  const command = /\bCMD\s+(\[.*\])$/s.exec(args);
  if (command === null) throw new Error(`unreadable HEALTHCHECK (exec form expected): ${args}`);
  return JSON.parse(command[1] ?? '[]') as string[];
}
