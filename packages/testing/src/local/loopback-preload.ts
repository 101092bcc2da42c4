// Preloaded into kinesis-local (`node --import <this file> main.js`), which
// hard-codes 0.0.0.0 as its listen host and, for that wildcard, calls
// `server.listen(port, callback)`, so Node binds every interface. This
// rewrites the host of every TCP listen in the process to 127.0.0.1.
// kinesis-local has no setting for its host; this is the only way to keep it
// off the network.
//
// Self-contained (node: imports and erasable syntax only) so Node can run the
// TypeScript source directly as well as the compiled file.
import { Server, type ListenOptions } from 'node:net';

const loopback = '127.0.0.1';
// Kept to be called with each server as `this`, below.
// eslint-disable-next-line @typescript-eslint/unbound-method
const listen = Server.prototype.listen as (this: Server, ...args: unknown[]) => Server;

function isPort(value: unknown): boolean {
  return typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
}

function onLoopback(args: unknown[]): unknown[] {
  const [first, second, ...rest] = args;
  if (first === undefined || typeof first === 'function') return [0, loopback, ...args];
  if (isPort(first)) {
    // listen(port, host?, backlog?, callback?): the host is the second argument only when it is a string.
    return typeof second === 'string' ? [first, loopback, ...rest] : [first, loopback, ...args.slice(1)];
  }
  if (typeof first === 'object' && first !== null && !['path', 'fd', 'handle', '_handle'].some((key) => key in first)) {
    return [{ ...(first as ListenOptions), host: loopback }, ...args.slice(1)];
  }
  // Unix sockets and inherited handles have no host to rewrite.
  return args;
}

Server.prototype.listen = function listenOnLoopback(this: Server, ...args: unknown[]): Server {
  return listen.apply(this, onLoopback(args));
} as Server['listen'];
