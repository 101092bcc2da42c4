import { DeadLetterSchema } from './events/dead-letter.js';
import { FraudAlertSchema } from './events/fraud-alert.js';
import { FraudConfirmationSchema } from './events/fraud-confirmation.js';
import { FraudScoreSchema } from './events/fraud-score.js';
import { LabelSchema } from './events/label.js';
import { TransactionFeaturesSchema } from './events/transaction-features.js';
import { TransactionSchema } from './events/transaction.js';
import { IngestRequestSchema, ingestRequestSchemaFor } from './ingest/ingest-request.js';
import { IngestTransactionSchema } from './ingest/ingest-transaction.js';
import { defineContract } from './parse/contract.js';

export const TransactionContract = defineContract('Transaction', TransactionSchema);
export const TransactionFeaturesContract = defineContract('TransactionFeatures', TransactionFeaturesSchema);
export const FraudScoreContract = defineContract('FraudScore', FraudScoreSchema);
export const FraudAlertContract = defineContract('FraudAlert', FraudAlertSchema);
export const LabelContract = defineContract('Label', LabelSchema);
export const FraudConfirmationContract = defineContract('FraudConfirmation', FraudConfirmationSchema);
export const DeadLetterContract = defineContract('DeadLetter', DeadLetterSchema);
export const IngestTransactionContract = defineContract('IngestTransaction', IngestTransactionSchema);
export const IngestRequestContract = defineContract('IngestRequest', IngestRequestSchema, {
  schemaFor: ingestRequestSchemaFor,
});

/** Every published contract by name; the JSON Schema files mirror this list. */
export const CONTRACTS = {
  Transaction: TransactionContract,
  TransactionFeatures: TransactionFeaturesContract,
  FraudScore: FraudScoreContract,
  FraudAlert: FraudAlertContract,
  Label: LabelContract,
  FraudConfirmation: FraudConfirmationContract,
  DeadLetter: DeadLetterContract,
  IngestTransaction: IngestTransactionContract,
  IngestRequest: IngestRequestContract,
} as const;

export type ContractName = keyof typeof CONTRACTS;

export const parseTransaction = TransactionContract.parse;
export const parseTransactionFeatures = TransactionFeaturesContract.parse;
export const parseFraudScore = FraudScoreContract.parse;
export const parseFraudAlert = FraudAlertContract.parse;
export const parseLabel = LabelContract.parse;
export const parseFraudConfirmation = FraudConfirmationContract.parse;
export const parseDeadLetter = DeadLetterContract.parse;
export const parseIngestTransaction = IngestTransactionContract.parse;
export const parseIngestRequest = IngestRequestContract.parse;

export const decodeTransaction = TransactionContract.decode;
export const decodeTransactionFeatures = TransactionFeaturesContract.decode;
export const decodeFraudScore = FraudScoreContract.decode;
export const decodeFraudAlert = FraudAlertContract.decode;
export const decodeLabel = LabelContract.decode;
export const decodeFraudConfirmation = FraudConfirmationContract.decode;
export const decodeDeadLetter = DeadLetterContract.decode;
export const decodeIngestRequest = IngestRequestContract.decode;
