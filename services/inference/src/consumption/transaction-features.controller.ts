import type { FraudScore, TransactionFeatures } from '@fraud/contracts';
import { StreamEvent, StreamRecordContext } from '@fraud/transport';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import type { ScoreBatchState } from './score-batch-state.js';

/**
 * One TransactionFeatures in, at most one FraudScore out: the score its batch
 * computed (ScoreBatchHooks), with the transaction and its features carried
 * through, joins the batch's outputs. A transaction scored before gets none.
 */
@Controller()
export class TransactionFeaturesController {
  @StreamEvent('transaction-features')
  score(@Payload() input: TransactionFeatures, @Ctx() context: StreamRecordContext): void {
    const state = context.getBatchState<ScoreBatchState>();
    const scored = state.scoreAt(context.getPosition());
    if (scored === undefined) return;
    const output: FraudScore = {
      schemaVersion: 1,
      transactionId: input.transactionId,
      cardToken: input.cardToken,
      timestamp: input.timestamp,
      score: scored.score,
      decision: scored.decision,
      source: scored.source,
      modelVersion: scored.modelVersion,
      transaction: input.transaction,
      features: input.features,
    };
    state.outputs.push(output);
  }
}
