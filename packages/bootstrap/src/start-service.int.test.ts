import { fileURLToPath } from 'node:url';

import { runServiceToExit, startServiceProcess, type ServiceProcess } from '@fraud/testing';
import { afterEach, describe, expect, it } from 'vitest';

// The skeleton is a service with only the shared basics, started by startService.
const entry = fileURLToPath(new URL('../test-fixtures/skeleton-service.mjs', import.meta.url));
const validEnv = { PATH: process.env.PATH, TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092' };

function logLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('a service started with startService', () => {
  let service: ServiceProcess | undefined;
  afterEach(async () => {
    await service?.stop('SIGKILL');
    service = undefined;
  });

  it('exits non-zero at start with one message naming every missing and invalid setting', async () => {
    const result = await runServiceToExit({
      entry,
      env: { PATH: process.env.PATH, HTTP_PORT: 'eighty', KAFKA_TLS: 'maybe' },
    });
    expect(result.code).toBe(78);
    const lines = logLines(result.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'fatal',
      service: 'skeleton',
      msg: 'skeleton: cannot start, 3 invalid settings: TRANSPORT is required; KAFKA_TLS is invalid (must be true or false); HTTP_PORT is invalid (must be a port number)',
    });
  });

  it('serves liveness, readiness and Prometheus metrics on HTTP_PORT', async () => {
    service = await startServiceProcess({ entry, env: validEnv });
    const live = await fetch(`${service.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${service.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', ready: true, checks: { dependency: { ok: true } } });

    const metrics = await fetch(`${service.baseUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await metrics.text()).toMatch(/^process_cpu_user_seconds_total\{service="skeleton"\} [\d.e-]+$/m);
  });

  it('reports not ready, naming the failing dependency, with 503', async () => {
    service = await startServiceProcess({ entry, env: { ...validEnv, SKELETON_DEPENDENCY_DOWN: 'true' } });
    const ready = await fetch(`${service.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'unavailable',
      ready: false,
      checks: { dependency: { ok: false, error: 'dependency unreachable' } },
    });
  });

  it('logs JSON lines with card data redacted', async () => {
    service = await startServiceProcess({ entry, env: validEnv });
    await fetch(`${service.baseUrl}/skeleton/echo`);
    const stopped = await service.stop();
    expect(stopped.code).toBe(0);
    const output = service.stdout();
    expect(output).not.toMatch(/4111111111111111|4111 1111 1111 1111|"123"/);
    expect(logLines(output)).toContainEqual(
      expect.objectContaining({ msg: 'card [PAN …1111] seen', request: { pan: '[REDACTED]', cvv: '[REDACTED]' } }),
    );
  });

  it('drains on SIGTERM and exits 0', async () => {
    service = await startServiceProcess({ entry, env: { ...validEnv, SKELETON_DRAIN_MS: '500' } });
    const started = Date.now();
    const exit = await service.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(logLines(service.stdout()).map((line) => line.msg)).toEqual(
      expect.arrayContaining(['shutdown requested', 'stopped']),
    );
  });

  it('exits 1 when draining outlasts SHUTDOWN_TIMEOUT_SECONDS', async () => {
    service = await startServiceProcess({
      entry,
      env: { ...validEnv, SKELETON_DRAIN_MS: '60000', SHUTDOWN_TIMEOUT_SECONDS: '1' },
    });
    const started = Date.now();
    const exit = await service.stop('SIGTERM');
    const elapsed = Date.now() - started;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(5_000);
    expect(service.stdout()).toContain('shutdown deadline passed, exiting with work unfinished');
  });
});
