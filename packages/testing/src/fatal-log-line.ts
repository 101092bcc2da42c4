/** The fatal line a service logs when it cannot start: the reason, and each bad setting when settings are the cause. */
export interface FatalLogLine {
  msg: string;
  problems?: unknown;
}

/** The first fatal line among a service's JSON log lines; fails when there is none. */
export function fatalLine(stdout: string): FatalLogLine {
  const line = stdout.split('\n').find((l) => l.includes('"level":"fatal"'));
  if (line === undefined) throw new Error(`no fatal log line in:\n${stdout}`);
  return JSON.parse(line) as FatalLogLine;
}
