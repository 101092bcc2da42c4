import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code as `*.test.ts` and need nothing running.
// Integration tests are `*.int.test.ts`; the global setup starts the real
// local stack once (Kafka, Redis, Kinesis, DynamoDB, SNS/SQS) and provides
// its endpoints through `inject('infra')`.
// Test files sit outside the packages' tsconfigs (not compiled into dist), so
// the transform does not see their experimentalDecorators: say it here, so
// NestJS classes in tests get legacy decorators and parameter metadata.
const oxc = { decorator: { legacy: true, emitDecoratorMetadata: true } };

export default defineConfig({
  test: {
    reporters: ['default', './packages/testing/src/vitest/summary-reporter.ts'],
    projects: [
      {
        oxc,
        test: {
          name: 'unit',
          include: ['{packages,services}/*/src/**/*.test.ts', 'deploy/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        oxc,
        test: {
          name: 'integration',
          include: ['{packages,services}/*/src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          globalSetup: ['packages/testing/src/vitest/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
