import type { TestProject } from 'vitest/node';

import { startInfraStack } from '../infra-stack.js';
import type { InfraEndpoints, InfraMode } from '../infra-types.js';

declare module 'vitest' {
  export interface ProvidedContext {
    infra: InfraEndpoints;
    infraEnv: Record<string, string>;
    infraMode: InfraMode;
  }
}

/**
 * Starts the real stack once for all integration tests; tests read it with
 * `inject('infra')` (endpoints) or `inject('infraEnv')` (service environment).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const stack = await startInfraStack();
  process.stderr.write(`[infra] ${stack.mode} stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  // Test workers start after this and inherit the environment: SDK clients and
  // KCL daemons created in tests find the emulators' dummy credentials the way
  // a service finds real ones, through the default provider chain.
  process.env.AWS_ACCESS_KEY_ID = stack.env.AWS_ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = stack.env.AWS_SECRET_ACCESS_KEY;
  project.provide('infra', stack.endpoints);
  project.provide('infraEnv', stack.env);
  project.provide('infraMode', stack.mode);
  return () => stack.stop();
}
