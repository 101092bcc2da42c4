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
  /** `--parents`: each source lands at its own path under the destination. Absent without the flag. */
  parents?: true;
  sources: string[];
  /** Absolute, resolved against the WORKDIR in force. */
  destination: string;
}

/**
 * The stages of a Dockerfile, as far as these tests read them: parser
 * directives and comments dropped, continuation lines joined, and references
 * to build arguments (`$NAME`, `${NAME}`) replaced by their values, given
 * `args` as `--build-arg`s. A build argument is in scope where BuildKit puts
 * it: after its `ARG` in a stage and in the stages built FROM that one; a
 * global `ARG` (before the first FROM) in FROM lines, and in a stage that
 * declares it again. References are replaced where the builder replaces them,
 * and in RUN, whose shell sees build arguments as variables; ENV variables
 * are left as written.
 */
export function parseDockerfile(text: string, args: Record<string, string> = {}): DockerStage[] {
  const stages: DockerStage[] = [];
  const globalArgs = new Map<string, string | undefined>();
  const scopes = new Map<DockerStage, Map<string, string | undefined>>();
  for (const line of logicalLines(text)) {
    const match = /^(\S+)\s*(.*)$/s.exec(line);
    if (match === null) continue;
    const keyword = (match[1] ?? '').toUpperCase();
    const rawArgs = (match[2] ?? '').trim();
    const stage = stages.at(-1);
    if (keyword === 'FROM') {
      const from = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(expand(rawArgs, globalArgs));
      if (from === null) throw new Error(`unreadable FROM: ${rawArgs}`);
      const next: DockerStage = { from: from[1] ?? '', name: from[2], instructions: [] };
      const base = stages.find((candidate) => candidate.name === next.from);
      scopes.set(next, new Map(base === undefined ? [] : scopes.get(base)));
      stages.push(next);
    } else if (keyword === 'ARG') {
      // The build's value wins over the default; without either, a stage keeps what it had, or the global value.
      const scope = stage === undefined ? globalArgs : (scopes.get(stage) ?? new Map<string, string | undefined>());
      for (const [name, fallback] of declaredArgs(rawArgs, scope)) {
        scope.set(name, args[name] ?? fallback ?? scope.get(name) ?? globalArgs.get(name));
      }
      stage?.instructions.push({ keyword, args: rawArgs });
    } else {
      if (stage === undefined) throw new Error(`${keyword} before any FROM`);
      const scope = scopes.get(stage) ?? new Map<string, string | undefined>();
      stage.instructions.push({ keyword, args: EXPANDED.has(keyword) ? expand(rawArgs, scope) : rawArgs });
    }
  }
  return stages;
}

/** The instructions whose build-argument references are replaced before they run (RUN's by its shell). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'RUN', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** `ARG a b=1 c="two"`: each name with its default, expanded; undefined without one. */
function declaredArgs(args: string, scope: Map<string, string | undefined>): [string, string | undefined][] {
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|\S*))?/g)].map((match) => [
    match[1] ?? '',
    match[2] === undefined ? undefined : expand(match[2].replace(/^"(.*)"$/, '$1'), scope),
  ]);
}

/** References to the build arguments in scope replaced by their values (empty when unset, as Docker does). */
function expand(text: string, scope: Map<string, string | undefined>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (reference, braced, bare) => {
    const name = String(braced ?? bare);
    return scope.has(name) ? (scope.get(name) ?? '') : reference;
  });
}

/**
 * The image a build of `target` (by default the last stage, as `docker build`
 * without --target) produces: the target's instructions after those of the
 * stages it is built FROM, in order, starting from an image of a registry.
 */
export function imageOf(stages: DockerStage[], target?: string): DockerStage {
  const index = target === undefined ? stages.length - 1 : stages.findIndex((stage) => stage.name === target);
  const stage = stages[index];
  if (stage === undefined) throw new Error(`no stage ${target ?? '(none at all)'}`);
  const base = stages.slice(0, index).find((candidate) => candidate.name === stage.from);
  if (base === undefined) return stage;
  const image = imageOf(stages.slice(0, index), base.name);
  return { from: image.from, name: stage.name, instructions: [...image.instructions, ...stage.instructions] };
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
    copies.push({
      from,
      ...(flags.includes('--parents') ? { parents: true as const } : {}),
      sources: paths,
      destination: destination.endsWith('/') ? `${resolved}/` : resolved,
    });
  }
  return copies;
}

/**
 * Where a copied file lands: at its own path under the destination with
 * `--parents`, else inside the destination when it is a directory (ends in `/`).
 */
export function copiedFilePath(copy: DockerCopy, source: string): string {
  if (copy.parents === true) return posix.join(copy.destination, posix.normalize(source));
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
