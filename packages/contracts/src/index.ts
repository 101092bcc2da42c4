export * as fields from './fields.js';
export { CHANNELS, type Channel } from './fields.js';
export type { KnownFields } from './known-fields.js';

export { LocationSchema } from './events/location.js';
export { TransactionSchema, type Location, type Transaction } from './events/transaction.js';
export {
  FeatureVectorSchema,
  REQUIRED_WINDOW_FEATURES,
  type FeatureVector,
  type RequiredWindowFeature,
} from './events/window-features.js';
export { TransactionFeaturesSchema, type TransactionFeatures } from './events/transaction-features.js';
export {
  DECISIONS,
  FraudScoreSchema,
  SCORE_SOURCES,
  type Decision,
  type FraudScore,
  type ScoreSource,
} from './events/fraud-score.js';
export { ALERT_SEVERITIES, FraudAlertSchema, type AlertSeverity, type FraudAlert } from './events/fraud-alert.js';
export { LEGIT_SCENARIO, LabelSchema, type Label } from './events/label.js';
export { FraudConfirmationSchema, type FraudConfirmation } from './events/fraud-confirmation.js';
export { DeadLetterSchema, type DeadLetter } from './events/dead-letter.js';

export { IngestTransactionSchema, type IngestTransaction } from './ingest/ingest-transaction.js';
export {
  IngestBatchSchema,
  IngestRequestSchema,
  MAX_INGEST_BATCH_SIZE,
  ingestRequestSchemaFor,
  type IngestRequest,
} from './ingest/ingest-request.js';
export { isLuhnValid } from './ingest/luhn.js';
export { sensitiveFieldProblem } from './ingest/card-data-fields.js';

export { ContractError, type ContractIssue, type ParseResult } from './parse/contract-error.js';
export { decodeEvent, defineContract, type Contract, type ContractOptions } from './parse/contract.js';
export { decodeJson, encodeEvent, type DecodedJson, type RecordBytes } from './parse/decode-json.js';
export * from './contracts.js';

export * from './streams/stream-names.js';
export { contractForStream, type EventOf } from './streams/stream-contracts.js';

export * from './examples.js';
export { generateJsonSchemas, type JsonSchema } from './json-schema/generate.js';
export { EARTH_RADIUS_KM, haversineKm, type LatLon } from './geo/haversine.js';
