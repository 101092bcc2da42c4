export { HealthRegistry, type ReadinessCheck, type Readiness } from './health/health-registry.js';
export { createLogger, type LoggerOptions } from './logging/create-logger.js';
export { NestPinoLogger } from './logging/nest-logger.js';
export { maskCardNumbers, redact, REDACTED } from './logging/sensitive-data.js';
export { createMetricsRegistry } from './metrics/create-metrics-registry.js';
export { LOGGER, ObservabilityModule, type ObservabilityOptions } from './observability.module.js';
export { installGracefulShutdown, type GracefulShutdownOptions } from './shutdown/graceful-shutdown.js';
