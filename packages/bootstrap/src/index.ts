export { startService, type ServiceDefinition, type ServiceStreams } from './start-service.js';
