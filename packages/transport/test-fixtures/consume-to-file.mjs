// A consumer in its own process, for tests that kill it (-9) or stop it
// (SIGTERM) mid-stream. Settings come from the environment exactly as a
// service reads them; every handled record is appended to OUT_FILE and
// fsync'd before the handler resolves, so the file is the ground truth of
// what was handled before any commit.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { loadSettings, sharedRequirements, sharedSettingsSchema } from '@fraud/config';
import { createLogger } from '@fraud/observability';
import { createTransport, TransportMetrics } from '@fraud/transport';

const settings = loadSettings('consume-to-file', { schema: sharedSettingsSchema, requirements: sharedRequirements });
const logger = createLogger({ service: 'consume-to-file', level: 'warn', destination: process.stderr });
const transport = createTransport(settings, { clientId: 'consume-to-file', logger, metrics: new TransportMetrics() });
const out = openSync(process.env.OUT_FILE, 'a');
const delayMs = Number(process.env.HANDLER_DELAY_MS ?? '0');

const consumer = transport.consumer({
  stream: process.env.STREAM,
  group: process.env.GROUP,
  handler: async (batch) => {
    for (const record of batch.records) {
      if (delayMs > 0) await sleep(delayMs);
      writeSync(out, `${record.partition} ${record.position} ${record.key} ${record.value.toString('utf8')}\n`);
    }
    fsyncSync(out);
  },
});

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    await consumer.stop();
    await transport.close();
    closeSync(out);
    process.exit(0);
  })();
});

await transport.connect();
await consumer.start();
process.stdout.write('ready\n');
