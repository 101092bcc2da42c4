import { z } from 'zod';

import { cardToken, schemaVersion, transactionId } from '../fields.js';
import type { KnownFields } from '../known-fields.js';

/** The scenario of every genuine transaction. */
export const LEGIT_SCENARIO = 'legit';

/** Ground truth from the simulator: the payload of `transaction-labels`, read by evaluation only. */
export const LabelSchema = z
  .looseObject({
    schemaVersion,
    transactionId,
    cardToken,
    isFraud: z.boolean(),
    scenario: z
      .string()
      .min(1, 'expected 1 to 64 characters')
      .max(64, 'expected 1 to 64 characters')
      .describe('Fraud scenario that produced the transaction; `legit` for genuine ones.'),
  })
  .meta({
    title: 'Label',
    description: 'Ground truth from the simulator (stream `transaction-labels`, evaluation only).',
  });

export type Label = KnownFields<z.output<typeof LabelSchema>>;
