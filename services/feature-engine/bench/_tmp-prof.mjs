import { startInfraStack } from '@fraud/testing';
import { benchFeatureEngine } from './service-bench.mjs';
const stack = await startInfraStack({ mode: 'local' });
try {
  for (const inflight of (process.env.INFL ?? '64').split(',')) {
    const env = {
      ...stack.env,
      FEATURE_MAX_IN_FLIGHT: inflight.split(':')[0],
      ...(inflight.includes(':') ? { NODE_OPTIONS: '--max-semi-space-size=' + inflight.split(':')[1] } : {}),
    };
    const r = await benchFeatureEngine(
      { ...stack, env },
      { count: Number(process.env.N ?? 60000), latencyRate: 1000, latencySeconds: 5, latencyWarmupSeconds: 2 },
    );
    console.log(inflight, JSON.stringify(r));
  }
} finally {
  await stack.stop();
}
