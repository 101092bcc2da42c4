import 'reflect-metadata';

import { loadSettings, SettingsError } from '@fraud/config';
import { createLogger, startService } from '@fraud/observability';

import { loadOnnxScorer } from './model/load-onnx-scorer.js';
import { ModelEndpointModule } from './model-endpoint.module.js';
import { SERVICE } from './service-name.js';
import { modelEndpointSettings } from './settings/model-endpoint-settings.js';

// sysexits: EX_USAGE for a bad command line, EX_CONFIG for bad settings (as startService exits).
const EXIT_USAGE = 64;
const EXIT_INVALID_SETTINGS = 78;

// SageMaker starts a hosting container as `docker run <image> serve`; that argument, or none, serves.
const [command] = process.argv.slice(2);
if (command !== undefined && command !== 'serve') {
  createLogger({ service: SERVICE }).fatal({ command }, `unknown command '${command}'; expected none or 'serve'`);
  process.exit(EXIT_USAGE);
}

try {
  // The model loads before the application is built: a model that does not load, or does
  // not match its manifest, stops the process like any bad setting, before anything listens.
  const settings = loadSettings(SERVICE, modelEndpointSettings);
  const scorer = await loadOnnxScorer(SERVICE, {
    modelPath: settings.MODEL_PATH,
    manifestPath: settings.MODEL_MANIFEST_PATH,
  });
  await startService({
    name: SERVICE,
    settings: modelEndpointSettings,
    module: () => ModelEndpointModule.forScorer(scorer),
    configureApp: (app) => {
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
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  createLogger({ service: SERVICE }).fatal({ problems: error.problems }, error.message);
  process.exit(EXIT_INVALID_SETTINGS);
}
