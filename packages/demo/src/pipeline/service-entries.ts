import { join } from 'node:path';

import { repoRoot } from '@fraud/testing';

import type { PipelineService } from './pipeline-settings.js';

/** Where each service's built entry is: every service starts as `node services/<name>/dist/main.js`. */
export function serviceEntry(service: PipelineService | 'producer'): string {
  const folder = {
    modelEndpoint: 'model-endpoint',
    featureEngine: 'feature-engine',
    inference: 'inference',
    alerting: 'alerting',
    producer: 'producer',
  }[service];
  return join(repoRoot(), 'services', folder, 'dist', 'main.js');
}
