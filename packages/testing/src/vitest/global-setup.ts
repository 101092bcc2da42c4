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
 * Settings every service and test transport on the test stack gets on top of
 * the endpoints:
 * - a consumer group drops a member that stopped heartbeating (a service a
 *   test killed) after kafkajs' 30 s: with 10 s, crash-safety's Kafka half
 *   double-counted after a kill in most parallel runs (see the session notes);
 * - a KCL daemon reads each shard once a second rather than four times:
 *   kinesis-local serves every call on one thread, and an idle 4-shard
 *   consumer polling at 250 ms kept a fifth of a core busy there and a tenth
 *   in its JVM, with dozens of consumers over a run. Tests wait for records
 *   by condition, so they only see up to 0.75 s more per hop.
 */
export const TEST_SERVICE_SETTINGS: Readonly<Record<string, string>> = {
  KAFKA_SESSION_TIMEOUT_MS: '30000',
  KINESIS_IDLE_TIME_BETWEEN_READS_MS: '1000',
};

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
  project.provide('infraEnv', { ...stack.env, ...TEST_SERVICE_SETTINGS });
  project.provide('infraMode', stack.mode);
  return () => stack.stop();
}
