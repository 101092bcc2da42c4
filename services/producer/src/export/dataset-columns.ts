import type { Label, Transaction } from '@fraud/contracts';

import type { CsvValue } from './csv-row.js';

/** A CSV column: its header and how a record fills it. */
export interface CsvColumn<T> {
  readonly name: string;
  readonly value: (record: T) => CsvValue;
}

/** Contract field names; the nested location is flattened as `location_<field>`. */
export const TRANSACTION_COLUMNS: readonly CsvColumn<Transaction>[] = [
  { name: 'schemaVersion', value: (t) => t.schemaVersion },
  { name: 'transactionId', value: (t) => t.transactionId },
  { name: 'cardToken', value: (t) => t.cardToken },
  { name: 'cardBin', value: (t) => t.cardBin },
  { name: 'cardLast4', value: (t) => t.cardLast4 },
  { name: 'merchantId', value: (t) => t.merchantId },
  { name: 'merchantCategoryCode', value: (t) => t.merchantCategoryCode },
  { name: 'amountMinor', value: (t) => t.amountMinor },
  { name: 'currency', value: (t) => t.currency },
  { name: 'timestamp', value: (t) => t.timestamp },
  { name: 'location_lat', value: (t) => t.location.lat },
  { name: 'location_lon', value: (t) => t.location.lon },
  { name: 'location_country', value: (t) => t.location.country },
  { name: 'location_city', value: (t) => t.location.city },
  { name: 'channel', value: (t) => t.channel },
];

export const LABEL_COLUMNS: readonly CsvColumn<Label>[] = [
  { name: 'schemaVersion', value: (l) => l.schemaVersion },
  { name: 'transactionId', value: (l) => l.transactionId },
  { name: 'cardToken', value: (l) => l.cardToken },
  { name: 'isFraud', value: (l) => l.isFraud },
  { name: 'scenario', value: (l) => l.scenario },
];

export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string[] {
  return columns.map((column) => column.name);
}

export function csvValues<T>(columns: readonly CsvColumn<T>[], record: T): CsvValue[] {
  return columns.map((column) => column.value(record));
}
