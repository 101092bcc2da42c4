import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { SimulatedEvents } from '../simulate/simulated-events.js';
import { DatasetFiles } from './dataset-files.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dataset-files-test-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const token = 'ab'.repeat(32);
const events: SimulatedEvents = {
  transaction: {
    schemaVersion: 1,
    transactionId: 'sim-1-0',
    cardToken: token,
    cardBin: '411111',
    cardLast4: '1832',
    merchantId: 'merchant-1',
    merchantCategoryCode: '5411',
    amountMinor: 5016,
    currency: 'USD',
    timestamp: '2026-01-01T00:07:42.095Z',
    location: { lat: 38.9072, lon: -77.0369, country: 'US', city: 'Washington, "D.C."' },
    channel: 'card_present',
  },
  label: { schemaVersion: 1, transactionId: 'sim-1-0', cardToken: token, isFraud: true, scenario: 'amount_outlier' },
};

async function contents(): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  const texts = await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')));
  return Object.fromEntries(names.map((name, i) => [name, texts[i]!]));
}

describe('dataset files', () => {
  it('writes a transaction and its label to JSON Lines and to CSV, quoting where RFC 4180 asks', async () => {
    const files = await DatasetFiles.create(dir);
    expect(files.add(events)).toBe(false);
    const entries = await files.finish();

    expect(await contents()).toEqual({
      'labels.csv': `schemaVersion,transactionId,cardToken,isFraud,scenario\r\n1,sim-1-0,${token},true,amount_outlier\r\n`,
      'labels.jsonl':
        `{"schemaVersion":1,"transactionId":"sim-1-0","cardToken":"${token}","isFraud":true,` +
        `"scenario":"amount_outlier"}\n`,
      'transactions.csv':
        'schemaVersion,transactionId,cardToken,cardBin,cardLast4,merchantId,merchantCategoryCode,amountMinor,' +
        'currency,timestamp,location_lat,location_lon,location_country,location_city,channel\r\n' +
        `1,sim-1-0,${token},411111,1832,merchant-1,5411,5016,USD,2026-01-01T00:07:42.095Z,` +
        '38.9072,-77.0369,US,"Washington, ""D.C.""",card_present\r\n',
      'transactions.jsonl':
        `{"schemaVersion":1,"transactionId":"sim-1-0","cardToken":"${token}","cardBin":"411111",` +
        `"cardLast4":"1832","merchantId":"merchant-1","merchantCategoryCode":"5411","amountMinor":5016,` +
        `"currency":"USD","timestamp":"2026-01-01T00:07:42.095Z","location":{"lat":38.9072,"lon":-77.0369,` +
        `"country":"US","city":"Washington, \\"D.C.\\""},"channel":"card_present"}\n`,
    });
    expect(entries.map((entry) => [entry.name, entry.rows])).toEqual([
      ['transactions.jsonl', 1],
      ['labels.jsonl', 1],
      ['transactions.csv', 1],
      ['labels.csv', 1],
    ]);
  });

  it('removes every data file when discarded', async () => {
    const files = await DatasetFiles.create(dir);
    files.add(events);
    await files.flush();
    await files.discard();
    expect(await readdir(dir)).toEqual([]);
  });
});
