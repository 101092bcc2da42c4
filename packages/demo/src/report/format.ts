import type { RedisDescription } from './demo-report.js';

/** Text forms of the figures, shared by the Markdown report and the live summary; `—` where there is no figure. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms >= 10_000) return `${(ms / 1_000).toFixed(1)} s`;
  // Sub-10 ms means (a service's per-record time) keep a decimal.
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString('en-US')} ms`;
}

export function formatShare(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)} %`;
}

/** `one Redis node` or `a Redis Cluster of 3 primaries`. */
export function formatRedis(redis: RedisDescription): string {
  return redis.cluster ? `a Redis Cluster of ${redis.primaries} primaries` : 'one Redis node';
}

export function formatCount(count: number | null): string {
  return count === null ? '—' : count.toLocaleString('en-US');
}
