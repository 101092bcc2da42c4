/** The line the KCL Scheduler logs once its lease table, shard sync and lease coordinator are up. */
export const WORKER_LOOP_STARTED = 'Initialization complete. Starting worker loop.';

/**
 * The daemon's logback configuration (passed with --log-configuration, which
 * replaces the INFO-to-console one inside the multilang jar). Warnings and
 * errors go to stdout, which the supervisor appends to the daemon's log file;
 * the KCL logs several INFO lines per batch, which would dwarf everything
 * else. The Scheduler alone also logs INFO to `schedulerLogFile`: a few lines
 * a minute, among them WORKER_LOOP_STARTED, the only sign that the worker
 * joined its application.
 */
export function logbackConfig(schedulerLogFile: string): string {
  return `<configuration>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <filter class="ch.qos.logback.classic.filter.ThresholdFilter">
      <level>WARN</level>
    </filter>
    <encoder>
      <pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern>
    </encoder>
  </appender>
  <appender name="SCHEDULER" class="ch.qos.logback.core.FileAppender">
    <file>${xmlText(schedulerLogFile)}</file>
    <encoder>
      <pattern>%d{ISO8601} %-5level %msg%n</pattern>
    </encoder>
  </appender>
  <logger name="software.amazon.kinesis.coordinator.Scheduler" level="INFO">
    <appender-ref ref="SCHEDULER"/>
  </logger>
  <!-- Copies each stderr line of a record processor at ERROR; the daemon also prints it to its own stderr. -->
  <logger name="software.amazon.kinesis.multilang.DrainChildSTDERRTask" level="OFF"/>
  <!-- With metricsLevel NONE there are no metrics, yet it warns that it drops them at shutdown. -->
  <logger name="software.amazon.kinesis.metrics.CloudWatchPublisherRunnable" level="ERROR"/>
  <root level="WARN">
    <appender-ref ref="CONSOLE"/>
  </root>
</configuration>
`;
}

function xmlText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
