import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startHttpProxy, type HttpProxy } from './http-proxy.js';

/** What a call through the proxy came back with: the status and body, or the network error's code. */
async function call(url: string, body = 'ping'): Promise<{ status: number; body: string } | { error: string }> {
  try {
    const answer = await fetch(`${url}/echo`, { method: 'POST', body });
    return { status: answer.status, body: await answer.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { error: cause?.code ?? String(error) };
  }
}

describe('the HTTP proxy in front of a target', () => {
  let target: Server;
  let proxy: HttpProxy;

  beforeEach(async () => {
    // Echoes the method, path and body.
    target = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`);
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    proxy = await startHttpProxy(`http://127.0.0.1:${(target.address() as AddressInfo).port}`);
  });

  afterEach(async () => {
    await proxy.close();
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
  });

  it('forwards each call unchanged and counts it', async () => {
    expect(await call(proxy.url, 'a')).toEqual({ status: 200, body: 'POST /echo a' });
    expect(await call(proxy.url, 'b')).toEqual({ status: 200, body: 'POST /echo b' });
    expect(proxy.requests()).toBe(2);
  });

  it('answers the next calls in the target’s place, then forwards again', async () => {
    proxy.answerNext(2, { status: 500, headers: { 'x-fault': 'yes' }, body: 'down' });
    const answers = [await call(proxy.url), await call(proxy.url), await call(proxy.url)];
    expect(answers).toEqual([
      { status: 500, body: 'down' },
      { status: 500, body: 'down' },
      { status: 200, body: 'POST /echo ping' },
    ]);
  });

  it('resets the connection of each call while refusing, and forwards again when told', async () => {
    expect(await call(proxy.url)).toEqual({ status: 200, body: 'POST /echo ping' });
    proxy.refuse();
    // undici's code for a connection the other side closed.
    const closed = { error: 'UND_ERR_SOCKET' };
    expect([await call(proxy.url), await call(proxy.url)]).toEqual([closed, closed]);
    proxy.forward();
    expect(await call(proxy.url)).toEqual({ status: 200, body: 'POST /echo ping' });
    expect({ requests: proxy.requests(), refused: proxy.refused() }).toEqual({ requests: 4, refused: 2 });
  });

  it('holds each call for the delay before forwarding it', async () => {
    proxy.delayBy(300);
    const started = Date.now();
    expect(await call(proxy.url)).toEqual({ status: 200, body: 'POST /echo ping' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});
