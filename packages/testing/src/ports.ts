import { createServer } from 'node:net';

/** Below Linux's ephemeral range (32768 on), and below the local Redis Cluster's ports (freeClusterPort: 20000 on). */
const FIRST_PORT = 10_000;
const LAST_PORT = 19_999;

/**
 * A free loopback port for a server to listen on, chosen below the kernel's
 * ephemeral range. A port the kernel hands out is free again as soon as it
 * is given back, and until the server binds it the kernel may give it to an
 * outgoing connection: a kinesis-local start in CI failed on EADDRINUSE that way.
 */
export function freePort(): Promise<number> {
  return freePortBetween(FIRST_PORT, LAST_PORT);
}

/** A random port from `first` to `last` that `usable` accepts (by default: nothing listens on it). */
export async function freePortBetween(
  first: number,
  last: number,
  usable: (port: number) => Promise<boolean> = portIsFree,
): Promise<number> {
  for (;;) {
    const port = first + Math.floor(Math.random() * (last - first + 1));
    if (await usable(port)) return port;
  }
}

/** Whether nothing listens on loopback `port` now (for a server that needs a port of its choosing). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, '127.0.0.1', () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}
