import type { Logger } from 'pino';

export interface GracefulShutdownOptions {
  logger: Logger;
  /** Hard limit from the first signal to exit; ECS sends SIGKILL 30 s after SIGTERM. */
  deadlineMs: number;
  /** Called at once on the first signal, e.g. to report not ready. */
  onSignal?: () => void;
  /** Stops intake, drains in-flight work, commits, closes connections. */
  close: () => Promise<void>;
  exit?: (code: number) => void;
}

/**
 * SIGTERM or SIGINT: stop cleanly within the deadline, or exit non-zero when
 * the deadline passes so the orchestrator sees the unclean stop. A second
 * signal exits at once, for the person pressing Ctrl-C twice.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      options.logger.warn({ signal }, 'second signal during shutdown, exiting now');
      exit(130);
      return;
    }
    stopping = true;
    options.logger.info({ signal, deadlineMs: options.deadlineMs }, 'shutdown requested');
    options.onSignal?.();
    const deadline = setTimeout(() => {
      options.logger.error(
        { deadlineMs: options.deadlineMs },
        'shutdown deadline passed, exiting with work unfinished',
      );
      exit(1);
    }, options.deadlineMs);
    options
      .close()
      .then(() => {
        clearTimeout(deadline);
        options.logger.info('stopped');
        exit(0);
      })
      .catch((error: unknown) => {
        clearTimeout(deadline);
        options.logger.error({ err: error }, 'shutdown failed');
        exit(1);
      });
  };

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
