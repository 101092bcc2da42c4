// Runs one infrastructure command in a process group of its own and kills
// that whole group when its owner goes away. The owner holds the only write
// end of this process's stdin: when the owner exits for any reason, SIGKILL
// included, stdin reaches end-of-file and the group is torn down. That is
// what keeps a crashed test run from leaking brokers and emulators.
//
// When the owner vanishes, the watchdog also removes the process's data
// directory, since nobody else is left to do it. When the owner asks for a
// stop (SIGTERM to the watchdog), the directory is the owner's business.
//
// Usage: node watchdog.js <graceMs> <logFile> <dataDir|-> <command> [args...]
// Reports on stdout, one JSON object per line: {"started":pid} then {"exited":code,"signal":name}.
//
// Self-contained (node: imports and erasable syntax only) so Node can run the
// TypeScript source directly as well as the compiled file.
import { spawn } from 'node:child_process';
import { openSync, rmSync } from 'node:fs';

const [graceArg, logFile, dataDir, command, ...args] = process.argv.slice(2);
if (graceArg === undefined || logFile === undefined || dataDir === undefined || command === undefined) {
  process.stderr.write('usage: watchdog <graceMs> <logFile> <dataDir|-> <command> [args...]\n');
  process.exit(2);
}
const graceMs = Number(graceArg);
const dataDirToRemove = dataDir === '-' ? undefined : dataDir;
const log = openSync(logFile, 'a');

const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
let stopping = false;

// A write to an owner that has gone surfaces later as an 'error' event (EPIPE);
// the owner going away is handled through stdin, so the event is dropped.
process.stdout.on('error', () => undefined);

function report(message: object): void {
  try {
    process.stdout.write(`${JSON.stringify(message)}\n`);
  } catch {
    // The owner is gone; nobody is listening.
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

async function killGroup(pgid: number): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  while (groupAlive(pgid)) {
    signalGroup(pgid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function shutdown(exitCode: number, removeData: boolean): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (child.pid !== undefined) await killGroup(child.pid);
  if (removeData && dataDirToRemove !== undefined) rmSync(dataDirToRemove, { recursive: true, force: true });
  process.exit(exitCode);
}

child.once('error', (error) => {
  report({ error: error.message });
  process.exit(1);
});
child.once('spawn', () => {
  report({ started: child.pid });
});
child.once('exit', (code, signal) => {
  report({ exited: code, signal });
  // Grandchildren may outlive the command itself; they go too.
  void shutdown(0, false);
});

process.stdin.on('data', () => undefined);
process.stdin.once('end', () => void shutdown(0, true));
process.stdin.once('close', () => void shutdown(0, true));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => void shutdown(0, false));
