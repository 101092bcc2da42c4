import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where a Docker-compatible engine listens: DOCKER_HOST, else the usual sockets. */
function candidateEndpoints(env: NodeJS.ProcessEnv): { socketPath?: string; host?: string; port?: number }[] {
  const dockerHost = env.DOCKER_HOST;
  if (dockerHost !== undefined && dockerHost !== '') {
    if (dockerHost.startsWith('unix://')) return [{ socketPath: dockerHost.slice('unix://'.length) }];
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return [{ host: url.hostname, port: Number(url.port || 2375) }];
  }
  return ['/var/run/docker.sock', join(homedir(), '.docker/run/docker.sock')]
    .filter((path) => existsSync(path))
    .map((socketPath) => ({ socketPath }));
}

/** True when a Docker engine answers `GET /_ping` within a second. */
export async function dockerEngineAnswers(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  for (const endpoint of candidateEndpoints(env)) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request({ ...endpoint, path: '/_ping', method: 'GET', timeout: 1_000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.once('error', () => {
        resolve(false);
      });
      req.once('timeout', () => {
        req.destroy();
        resolve(false);
      });
      req.end();
    });
    if (ok) return true;
  }
  return false;
}
