import 'reflect-metadata';

import { startService } from '@fraud/bootstrap';
import { createLogger } from '@fraud/observability';

import { loadOnnxScorer } from './model/load-onnx-scorer.js';
import { ModelEndpointModule } from './model-endpoint.module.js';
import { SERVICE } from './service-name.js';
import { modelEndpointSettings } from './settings/model-endpoint-settings.js';

// sysexits EX_USAGE for a bad command line (startService exits EX_CONFIG for bad settings).
const EXIT_USAGE = 64;

// SageMaker starts a hosting container as `docker run <image> serve`; that argument, or none, serves.
const [command] = process.argv.slice(2);
if (command !== undefined && command !== 'serve') {
  createLogger({ service: SERVICE }).fatal({ command }, `unknown command '${command}'; expected none or 'serve'`);
  process.exit(EXIT_USAGE);
}

// The model loads before the application is built: a model that does not load, or does
// not match its manifest, stops the process like any bad setting, before anything listens.
await startService({
  name: SERVICE,
  settings: modelEndpointSettings,
  module: async (settings) =>
    ModelEndpointModule.forScorer(
      await loadOnnxScorer(SERVICE, { modelPath: settings.MODEL_PATH, manifestPath: settings.MODEL_MANIFEST_PATH }),
    ),
  configureApp: (app, settings) => {
    // Every body as raw bytes up to the limit (Fastify answers 413 above it): the
    // invocation parses CSV and JSON itself, and answers 415 to other types with the reason.
    app.useBodyParser(
      ['text/csv', 'application/json', 'text/plain', '*'],
      { bodyLimit: settings.INVOCATION_MAX_BODY_BYTES },
      (_request, body, done) => {
        done(null, body);
      },
    );
  },
});
