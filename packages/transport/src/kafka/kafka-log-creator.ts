import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

/**
 * The kafkajs level that produces exactly what the pino logger would print,
 * so kafkajs does not build entries only to have them dropped. kafkajs INFO
 * (joins, rebalances, every connect) maps to pino debug, its DEBUG to trace.
 */
export function kafkaLogLevel(logger: Logger): logLevel {
  if (logger.isLevelEnabled('trace')) return logLevel.DEBUG;
  if (logger.isLevelEnabled('debug')) return logLevel.INFO;
  if (logger.isLevelEnabled('warn')) return logLevel.WARN;
  if (logger.isLevelEnabled('error')) return logLevel.ERROR;
  return logLevel.NOTHING;
}

// The message becomes pino's msg; kafkajs's timestamp and logger name duplicate pino's own.
const NOT_FIELDS = new Set(['message', 'timestamp', 'logger']);

/**
 * Routes kafkajs's log entries into the service's pino logger, one level down
 * from INFO. One exception: kafkajs's connection logs every error response
 * at ERROR ("The coordinator is loading…" at each start) before the request
 * is retried; those are warnings, and a call that finally fails is reported
 * by whoever made it.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const log = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log: entry }) => {
      const line: Record<string, unknown> = { namespace };
      for (const [name, value] of Object.entries(entry)) {
        if (!NOT_FIELDS.has(name)) line[name] = value;
      }
      const message = entry.message;
      switch (level) {
        case logLevel.ERROR:
          if (namespace === 'Connection') log.warn(line, message);
          else log.error(line, message);
          break;
        case logLevel.WARN:
          log.warn(line, message);
          break;
        case logLevel.INFO:
          log.debug(line, message);
          break;
        case logLevel.DEBUG:
          log.trace(line, message);
          break;
        case logLevel.NOTHING:
          break;
      }
    };
}
