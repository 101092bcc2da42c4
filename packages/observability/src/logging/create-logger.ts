import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

import { maskCardNumbers, redact } from './sensitive-data.js';

export interface LoggerOptions {
  service: string;
  level?: LevelWithSilent;
  /** Where JSON lines go; stdout by default. A KCL record processor must pass stderr. */
  destination?: DestinationStream | NodeJS.WritableStream;
}

/**
 * The one logger of every service: JSON lines with `service`, ISO time and
 * level names, and every argument passed through `redact` first, so a PAN,
 * CVV, track data or secret never reaches the output whatever its nesting
 * or whether it sits in a key, a message, an error or a child's bindings.
 */
export function createLogger(options: LoggerOptions): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors reach pino already serialised by `redact` (type, message, stack,
      // own fields); pino's own serialiser would rename their type to "Object".
      serializers: { err: (error: unknown) => error },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redact(bindings) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, redactArguments(args) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? process.stdout,
  );
  // pino applies the bindings formatter to the root only; children inherit this
  // own property, so every generation's bindings are redacted too.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the child's own `this`
  const pinoChild = logger.child;
  logger.child = function child(this: Logger, bindings, childOptions) {
    return pinoChild.call(this, redact(bindings) as typeof bindings, childOptions);
  } as typeof logger.child;
  return logger;
}

// pino treats a leading Error specially (it becomes `err`, its message the
// line's `msg`); the redacted copy is a plain object, so keep that shape by hand.
function redactArguments(args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  if (first instanceof Error) {
    const message = typeof rest[0] === 'string' ? [] : [maskCardNumbers(first.message)];
    return [{ err: redact(first) }, ...message, ...rest.map((arg) => redact(arg))];
  }
  return args.map((arg) => redact(arg));
}
