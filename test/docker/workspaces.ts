import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

import ts from 'typescript';

interface PackageManifest {
  name: string;
  dependencies?: Record<string, string>;
  workspaces?: string[];
}

/** The repository's npm workspaces: package name → directory, relative to the root. */
export function workspaceDirs(root: string): Map<string, string> {
  const globs = readManifest(root).workspaces ?? [];
  const dirs = globs.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(join(root, glob.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => posix.join(glob.slice(0, -2), entry.name))
      : [glob],
  );
  return new Map(
    dirs
      .filter((dir) => existsSync(join(root, dir, 'package.json')))
      .map((dir) => [readManifest(join(root, dir)).name, dir]),
  );
}

/** The workspace at `dir` and every workspace it depends on at run time (not devDependencies), transitively. */
export function runtimeWorkspaces(root: string, dir: string): string[] {
  const byName = workspaceDirs(root);
  const found = new Set<string>();
  const visit = (workspace: string): void => {
    if (found.has(workspace)) return;
    found.add(workspace);
    for (const dependency of Object.keys(readManifest(join(root, workspace)).dependencies ?? {})) {
      const dependencyDir = byName.get(dependency);
      if (dependencyDir !== undefined) visit(dependencyDir);
    }
  };
  visit(dir);
  return [...found].sort();
}

/** The TypeScript project at `dir` and every project it references, transitively: what `tsc -b <dir>` compiles. */
export function referencedProjects(root: string, dir: string): string[] {
  const found = new Set<string>();
  const visit = (project: string): void => {
    if (found.has(project)) return;
    found.add(project);
    for (const reference of readTsconfig(root, project).projectReferences ?? []) {
      visit(relative(root, reference.path).split('\\').join('/'));
    }
  };
  visit(dir);
  return [...found].sort();
}

/**
 * The source file `tsc -b` compiles into `output` (a path in the project at
 * `dir`, such as `dist/main.js`), when the project compiles one; undefined
 * when no source of the project emits it.
 */
export function sourceEmitting(root: string, dir: string, output: string): string | undefined {
  const config = readTsconfig(root, dir);
  const { rootDir, outDir } = config.options;
  if (rootDir === undefined || outDir === undefined) return undefined;
  const outputPath = join(root, dir, output);
  if (!outputPath.startsWith(`${outDir}/`) || !outputPath.endsWith('.js')) return undefined;
  const source = join(rootDir, relative(outDir, outputPath)).replace(/\.js$/, '.ts');
  return config.fileNames.includes(source) ? relative(root, source) : undefined;
}

function readTsconfig(root: string, dir: string): ts.ParsedCommandLine {
  const file = join(root, dir, 'tsconfig.json');
  const read = ts.readConfigFile(file, (path) => ts.sys.readFile(path));
  if (read.error !== undefined) {
    throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  }
  const config: unknown = read.config;
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(file));
}

function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}
