import { defineConfig } from 'vitest/config';

import LongestFirstSequencer from './packages/testing/src/vitest/longest-first-sequencer.js';

// Unit tests sit next to the code as `*.test.ts` and need nothing running.
// Integration tests are `*.int.test.ts`; the global setup starts the real
// local stack once (Kafka, Redis, Kinesis, DynamoDB, SNS/SQS) and provides
// its endpoints through `inject('infra')`.
// Test files sit outside the packages' tsconfigs (not compiled into dist), so
// the transform does not see their experimentalDecorators: say it here, so
// NestJS classes in tests get legacy decorators and parameter metadata.
const oxc = { decorator: { legacy: true, emitDecoratorMetadata: true } };

// Integration files mostly wait (for consumer groups, KCL leases, services
// starting), so several share the two cores and the one stack: each uses its
// own stream prefix, consumer groups, lease tables and Redis keys.
const WORKERS = 5;

// Files that start a whole stack of their own and count what is left of it
// (processes, data directories): run alone, after everything else.
const ALONE = [
  'packages/testing/src/infra-stack.int.test.ts',
  'packages/testing/src/cli/infra-cli.int.test.ts',
  'test/demo-redis-cluster.int.test.ts',
];

// What the processes of a test (and the code under test in the worker) print
// is shown only when that test fails (capture-output.ts).
const setupFiles = ['packages/testing/src/vitest/capture-output.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './packages/testing/src/vitest/summary-reporter.ts'],
    silent: 'passed-only',
    maxWorkers: WORKERS,
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        oxc,
        test: {
          name: 'unit',
          include: ['{packages,services}/*/src/**/*.test.ts', 'deploy/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
          setupFiles,
          // A guard against hangs, not a speed check: unit files share the CPUs
          // with the integration workers, and a CPU-bound test (the 30-day
          // simulation's checks) went past vitest's 5 s on a slow spell.
          testTimeout: 30_000,
        },
      },
      {
        oxc,
        test: {
          name: 'integration',
          include: ['{packages,services}/*/src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          exclude: [...ALONE, '**/node_modules/**', '**/dist/**'],
          globalSetup: ['packages/testing/src/vitest/global-setup.ts'],
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        oxc,
        test: {
          name: 'integration-alone',
          include: ALONE,
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
