import { describe, expect, it } from 'vitest';

import { CONTRACTS, type ContractName } from './contracts.js';
import { EXAMPLES } from './examples.js';
import { encodeEvent } from './parse/decode-json.js';

type Path = (string | number)[];

/**
 * Fields each example may lose and stay valid; `*` stands for any array index.
 * Every other field of every example is required. The examples set every
 * optional field, so this list is the whole optional surface of the contracts.
 */
const OPTIONAL_FIELDS: Record<ContractName, string[]> = {
  Transaction: ['cardBin', 'cardLast4', 'merchantCategoryCode', 'location.city'],
  TransactionFeatures: [
    'transaction.cardBin',
    'transaction.cardLast4',
    'transaction.merchantCategoryCode',
    'transaction.location.city',
    'features.card_txn_count_24h',
  ],
  FraudScore: [
    'transaction.cardBin',
    'transaction.cardLast4',
    'transaction.merchantCategoryCode',
    'transaction.location.city',
    'features.card_txn_count_24h',
  ],
  FraudAlert: [],
  Label: [],
  FraudConfirmation: [],
  DeadLetter: ['partition'],
  IngestTransaction: ['transactionId', 'timestamp', 'merchantCategoryCode', 'location.city'],
  IngestRequest: [
    'transactions.*.transactionId',
    'transactions.*.timestamp',
    'transactions.*.merchantCategoryCode',
    'transactions.*.location.city',
  ],
};

const contractNames = Object.keys(CONTRACTS) as ContractName[];

function isOptional(name: ContractName, path: Path): boolean {
  const pattern = path.map((part) => (typeof part === 'number' ? '*' : part)).join('.');
  return OPTIONAL_FIELDS[name].includes(pattern);
}

/** Every path inside a value: object fields (removable) and array items (not removable). */
function pathsOf(value: unknown, prefix: Path = []): { path: Path; removable: boolean }[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => [
      { path: [...prefix, index], removable: false },
      ...pathsOf(item, [...prefix, index]),
    ]);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, child]) => [
      { path: [...prefix, key], removable: true },
      ...pathsOf(child, [...prefix, key]),
    ]);
  }
  return [];
}

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, part) => (node as Record<string | number, unknown>)[part], root);
}

/** A deep copy of `root` with the field at `path` removed or replaced. */
function edited(root: unknown, path: Path, edit: { remove: true } | { value: unknown }): unknown {
  const copy = structuredClone(root);
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path.at(-1) ?? '';
  if ('remove' in edit) Reflect.deleteProperty(parent, key);
  else parent[key] = edit.value;
  return copy;
}

/** Values of the wrong type for a field holding `value`: a number for a string, an object for a number, and so on. */
function wrongTypesFor(value: unknown): unknown[] {
  if (typeof value === 'string') return [12345, {}];
  if (typeof value === 'number') return ['12', {}];
  if (typeof value === 'boolean') return ['true', 1];
  if (Array.isArray(value)) return [{}, 'x'];
  return ['x', []];
}

describe.each(contractNames)('%s contract', (name) => {
  const example = EXAMPLES[name];
  const contract = CONTRACTS[name];

  it('accepts its example and returns it unchanged', () => {
    expect(contract.parse(example)).toEqual({ ok: true, value: example });
  });

  it('decodes its example from the UTF-8 JSON bytes of a record', () => {
    expect(contract.decode(encodeEvent(example))).toEqual({ ok: true, value: example });
  });

  const fields = pathsOf(example);

  const removable = fields.filter((field) => field.removable);
  const required = removable
    .filter((field) => !isOptional(name, field.path))
    // Without its list, a batch request is read as a single transaction (the ingest tests cover that).
    .filter((field) => !(name === 'IngestRequest' && field.path.join('.') === 'transactions'))
    .map((field) => [field.path.join('.'), field.path] as const);
  it.each(required)('refuses a payload without %s, naming exactly that field as required', (dotted, path) => {
    const result = contract.parse(edited(example, path, { remove: true }));
    expect(result.ok ? undefined : result.error.issues).toEqual([{ path: dotted, message: 'required' }]);
  });

  const optional = removable
    .filter((field) => isOptional(name, field.path))
    .map((field) => [field.path.join('.'), field.path] as const);
  if (optional.length > 0) {
    it.each(optional)('accepts a payload without the optional %s', (_dotted, path) => {
      const input = edited(example, path, { remove: true });
      expect(contract.parse(input)).toEqual({ ok: true, value: input });
    });
  }

  const mistyped = fields.flatMap((field) =>
    wrongTypesFor(valueAt(example, field.path)).map((wrong) => ({ path: field.path, wrong })),
  );
  it.each(mistyped.map(({ path, wrong }) => [path.join('.'), JSON.stringify(wrong), path, wrong] as const))(
    'refuses %s set to %s, naming exactly that field',
    (dotted, _shown, path, wrong) => {
      const result = contract.parse(edited(example, path, { value: wrong }));
      expect(result.ok ? undefined : result.error.issues.map((issue) => issue.path)).toEqual([dotted]);
    },
  );
});

describe('event contracts', () => {
  const events = [
    'Transaction',
    'TransactionFeatures',
    'FraudScore',
    'FraudAlert',
    'Label',
    'FraudConfirmation',
    'DeadLetter',
  ] as const;

  it.each(events)('%s keeps fields it does not know, so a newer producer breaks no older consumer', (name) => {
    const input = { ...EXAMPLES[name], addedLater: { nested: [1, 2] } };
    expect(CONTRACTS[name].parse(input)).toEqual({ ok: true, value: input });
  });

  it('keeps unknown fields inside nested objects too', () => {
    const input = {
      ...EXAMPLES.FraudScore,
      transaction: { ...EXAMPLES.Transaction, location: { ...EXAMPLES.Transaction.location, altitude: 12 } },
    };
    expect(CONTRACTS.FraudScore.parse(input)).toEqual({ ok: true, value: input });
  });

  it.each(events)('%s refuses any schemaVersion but 1', (name) => {
    const result = CONTRACTS[name].parse({ ...EXAMPLES[name], schemaVersion: 2 });
    expect(result.ok ? undefined : result.error.issues).toEqual([{ path: 'schemaVersion', message: 'expected 1' }]);
  });

  it.each(['TransactionFeatures', 'FraudScore'] as const)(
    '%s refuses top-level copies that disagree with its transaction',
    (name) => {
      const result = CONTRACTS[name].parse({
        ...EXAMPLES[name],
        transactionId: 'txn-other',
        cardToken: 'f'.repeat(64),
        timestamp: '2026-11-22T10:15:31.000Z',
      });
      expect(result.ok ? undefined : result.error.issues).toEqual([
        { path: 'transactionId', message: 'expected to equal transaction.transactionId' },
        { path: 'cardToken', message: 'expected to equal transaction.cardToken' },
        { path: 'timestamp', message: 'expected to equal transaction.timestamp' },
      ]);
    },
  );

  it('refuses TransactionFeatures without a required window feature, naming it', () => {
    const features: Record<string, number> = { ...EXAMPLES.TransactionFeatures.features };
    delete features.card_max_distance_km_10m;
    const result = CONTRACTS.TransactionFeatures.parse({ ...EXAMPLES.TransactionFeatures, features });
    expect(result.ok ? undefined : result.error.message).toBe(
      'invalid TransactionFeatures: features.card_max_distance_km_10m: required',
    );
  });

  it('refuses a non-numeric extra feature and a fractional count', () => {
    const result = CONTRACTS.TransactionFeatures.parse({
      ...EXAMPLES.TransactionFeatures,
      features: { ...EXAMPLES.TransactionFeatures.features, card_txn_count_10m: 1.5, hour_of_day: 'ten' },
    });
    expect(result.ok ? undefined : result.error.issues).toEqual([
      { path: 'features.card_txn_count_10m', message: 'expected an integer, received number' },
      { path: 'features.hour_of_day', message: 'expected number, received string' },
    ]);
  });

  it('names every invalid field of a Transaction in one line', () => {
    const result = CONTRACTS.Transaction.parse({
      ...EXAMPLES.Transaction,
      amountMinor: -5,
      location: { lat: 91, lon: 10, country: 'pt' },
      channel: 'atm',
    });
    expect(result.ok ? undefined : result.error.message).toBe(
      'invalid Transaction: amountMinor: expected a positive integer; location.lat: expected -90 to 90; ' +
        'location.country: expected an ISO 3166-1 alpha-2 code, 2 uppercase letters; ' +
        'channel: expected one of "card_present", "card_not_present"',
    );
  });

  it('refuses an empty FraudAlert transactionIds list', () => {
    const result = CONTRACTS.FraudAlert.parse({ ...EXAMPLES.FraudAlert, transactionIds: [] });
    expect(result.ok ? undefined : result.error.issues).toEqual([
      { path: 'transactionIds', message: 'expected at least one transaction id' },
    ]);
  });
});
