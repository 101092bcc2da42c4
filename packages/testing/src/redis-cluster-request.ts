/**
 * Whether the stack should run a Redis Cluster too, from `INFRA_REDIS_CLUSTER`:
 * `1`, `true` or `yes` ask for it; unset, empty, `0`, `false` or `no` do not
 * (it costs three more processes or a container, so it is opt-in).
 */
export function redisClusterRequested(value: string | undefined): boolean {
  const normalized = value?.trim().toLowerCase() ?? '';
  if (['1', 'true', 'yes'].includes(normalized)) return true;
  if (['', '0', 'false', 'no'].includes(normalized)) return false;
  throw new Error(`INFRA_REDIS_CLUSTER must be 1 or 0 (true or false), not '${value}'`);
}
