// The Dockerfile runs this at the root of a copy of the repository that holds
// the npm workspaces' manifests only:
//
//   node keep-runtime-workspaces.mjs services/<name>
//
// It removes every workspace that services/<name> does not run with (its
// `dependencies` on other workspaces, transitively), so that `npm ci
// --workspace` installs what the service runs with and nothing more. Alone,
// npm would also install the workspaces named in devDependencies
// (@fraud/testing) with their dependencies: in the lockfile every workspace
// is a production dependency of the root.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const [start] = process.argv.slice(2);

/** @param {string} dir */
function manifestOf(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** @type {string[]} The root manifest's workspaces (`packages/*` and the like), those present. */
const workspaces = (manifestOf('.').workspaces ?? [])
  .flatMap((/** @type {string} */ glob) => {
    const parent = glob.slice(0, -'/*'.length);
    if (!glob.endsWith('/*')) return [glob];
    return existsSync(parent) ? readdirSync(parent).map((name) => `${parent}/${name}`) : [];
  })
  .filter((dir) => existsSync(join(dir, 'package.json')));

if (start === undefined || !workspaces.includes(start)) {
  console.error(
    `keep-runtime-workspaces: ${start ?? '(nothing)'} is not a workspace (the build argument SERVICE names a directory of services/); workspaces: ${workspaces.join(', ')}`,
  );
  process.exit(1);
}

const byName = new Map(workspaces.map((dir) => [manifestOf(dir).name, dir]));
const kept = new Set();
const pending = [start];
while (pending.length > 0) {
  const dir = pending.pop();
  if (kept.has(dir)) continue;
  kept.add(dir);
  const { dependencies = {}, optionalDependencies = {} } = manifestOf(dir);
  for (const name of Object.keys({ ...dependencies, ...optionalDependencies })) {
    const dependency = byName.get(name);
    if (dependency !== undefined) pending.push(dependency);
  }
}

for (const dir of workspaces.filter((workspace) => !kept.has(workspace))) {
  rmSync(dir, { recursive: true });
}
console.log(`keep-runtime-workspaces: ${[...kept].sort().join(' ')}`);
