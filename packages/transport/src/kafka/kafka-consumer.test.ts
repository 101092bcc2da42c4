import { describe, expect, it } from 'vitest';

import { DEFAULT_SESSION_TIMEOUT_MS, heartbeatIntervalFor } from './kafka-consumer.js';

describe('heartbeatIntervalFor', () => {
  it("keeps kafkajs' 3 s for its 30 s session, and a tenth of a shorter one", () => {
    expect(heartbeatIntervalFor(DEFAULT_SESSION_TIMEOUT_MS)).toBe(3_000);
    expect(heartbeatIntervalFor(120_000)).toBe(3_000);
    expect(heartbeatIntervalFor(10_000)).toBe(1_000);
    expect(heartbeatIntervalFor(6_000)).toBe(600);
  });
});
