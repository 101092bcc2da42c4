export { KclConsumer, type KclConsumerOptions, type KclProcessIds } from './kcl-consumer.js';
export { DEFAULT_KCL_JVM_OPTIONS } from './kcl-daemon.js';
export { DEFAULT_KCL_JARS_DIR } from './kcl-jars.js';
export { AWS_KCL_TIMINGS, LOCAL_KCL_TIMINGS, type KclTimings } from './multilang-properties.js';
