package io.unum.orchestrator.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The detached daemon's log: a file that rotates (32 MiB, five old ones kept), so that nothing a
 * guest or a client makes the daemon log can fill the host's disk. Set through the system
 * property {@value #PROPERTY}, which {@link DaemonProcess} passes; a daemon in the foreground
 * logs to stderr as every command does.
 */
final class DaemonLog {
  static final String PROPERTY = "unum.log.file";
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";
  private static final String MAX_SIZE = "32MB";
  private static final int KEPT = 5;

  private DaemonLog() {}

  /** Sends every log event to the rotating file the property names, if it names one. */
  static void rotateIfAsked() {
    String file = System.getProperty(PROPERTY);
    if (file == null || file.isBlank()) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("FILE");
    appender.setFile(file);
    appender.setAppend(true);
    appender.setEncoder(encoder);
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(Path.of(file) + ".%i");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(KEPT);
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(FileSize.valueOf(MAX_SIZE));
    trigger.start();
    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.detachAppender("OUT");
  }
}
