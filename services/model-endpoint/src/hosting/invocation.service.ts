import { SETTINGS } from '@fraud/config';
import { Inject, Injectable } from '@nestjs/common';

import { SCORER, type Scorer } from '../model/scorer.js';
import { decodePayload, requestFormat } from '../payload/decode-payload.js';
import { encodeScores } from '../payload/encode-scores.js';
import { negotiateAnswerFormat } from '../payload/negotiate-answer-format.js';
import { PayloadError } from '../payload/payload-error.js';
import type { PayloadFormat } from '../payload/payload-format.js';
import type { ModelEndpointSettings } from '../settings/model-endpoint-settings.js';
import { InvocationMetrics, type InvocationOutcome, type InvocationRoute } from './invocation-metrics.js';

export interface InvocationRequest {
  body: Uint8Array | undefined;
  contentType: string | undefined;
  accept: string | undefined;
}

export interface InvocationAnswer {
  contentType: PayloadFormat;
  body: string;
}

/** One invocation: the rows decoded in the manifest's order, scored in one model run, encoded as asked. */
@Injectable()
export class InvocationService {
  constructor(
    @Inject(SCORER) private readonly scorer: Scorer,
    @Inject(SETTINGS) private readonly settings: ModelEndpointSettings,
    private readonly metrics: InvocationMetrics,
  ) {}

  /** Throws a PayloadError for a request the endpoint refuses; any other error is the endpoint's own failure. */
  async invoke(request: InvocationRequest, route: InvocationRoute): Promise<InvocationAnswer> {
    const stopTimer = this.metrics.invocationSeconds.startTimer({ route });
    let outcome: InvocationOutcome = 'failed';
    try {
      const format = requestFormat(request.contentType);
      // Before decoding, so an answer the client cannot read costs no parsing and no model run.
      const answerFormat = negotiateAnswerFormat(request.accept, format);
      const matrix = decodePayload(request.body, format, {
        featureNames: this.scorer.featureNames,
        maxRows: this.settings.INVOCATION_MAX_ROWS,
      });
      const stopModelTimer = this.metrics.modelRunSeconds.startTimer();
      const scores = await this.scorer.score(matrix);
      stopModelTimer();
      this.metrics.rowsScored.inc({ route }, matrix.rows);
      outcome = 'scored';
      return { contentType: answerFormat, body: encodeScores(scores, answerFormat) };
    } catch (error) {
      if (error instanceof PayloadError) outcome = 'rejected';
      throw error;
    } finally {
      this.metrics.invocations.inc({ route, outcome });
      stopTimer({ outcome });
    }
  }
}
