import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Integration files that take a minute or more, longest first (measured on a
 * two-core machine, five or six files at a time). Vitest starts files it has no
 * timings for (a fresh clone, CI) in order of size, which would leave some of
 * these to start last and finish alone; started first, they overlap the rest.
 */
export const LONG_FILES: readonly string[] = [
  'packages/transport/src/contract/transport-contract.int.test.ts',
  'services/feature-engine/src/features/redis-outage.int.test.ts',
  'services/feature-engine/src/features/crash-safety.int.test.ts',
  'packages/transport/src/kinesis/kcl/kcl-consumer.int.test.ts',
  'test/worked-example.int.test.ts',
  'test/model-pipeline.int.test.ts',
  'packages/transport/src/contract/dead-letters.int.test.ts',
  'packages/transport/src/nest/stream-consumers.int.test.ts',
  'services/feature-engine/src/features/feature-engine.int.test.ts',
  'services/inference/src/consumers/scoring.int.test.ts',
  'services/producer/src/ingest/ingest-unavailable.int.test.ts',
];

/** Vitest's order (from the last run's timings when it has them, else by size), LONG_FILES first. */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const index = LONG_FILES.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return index === -1 ? LONG_FILES.length : index;
    };
    // Array.prototype.sort is stable: the rest keep Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
