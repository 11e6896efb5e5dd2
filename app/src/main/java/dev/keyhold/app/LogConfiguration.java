package dev.keyhold.app;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.Map;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;

/**
 * The server's logging, set up in code: what {@code logback.xml} describes (docs/operations.md#logs), without
 * parsing it. Logback's XML configurator took 0.28 s of every start, a tenth of it (docs/performance.md). Logback
 * finds this class through {@code META-INF/services} and asks it first. {@code logback.xml} stays in the jar as the
 * starting point for an operator's own file: a file given with {@code -Dlogback.configurationFile}, or a
 * {@code logback-test.xml} on the class path, is used instead. {@code LogConfigurationTest} holds the two to the same
 * output.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {

  /** Libraries that log only warnings and errors, as {@code logback.xml} has them. */
  static final Map<String, Level> QUIET_LOGGERS = Map.of(
      "org.eclipse.jetty", Level.WARN,
      "io.javalin", Level.WARN,
      "io.zonky", Level.WARN,
      "org.flywaydb", Level.WARN,
      "com.zaxxer.hikari", Level.WARN);

  static final String TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%X{request_id:-}] [%X{user_id:-}] %logger{24} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
        || LogConfiguration.class.getClassLoader().getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    NopStatusListener quiet = new NopStatusListener();
    context.getStatusManager().add(quiet);
    String name = LogFormatDefiner.appender(System.getenv(LogFormatDefiner.VARIABLE));
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(name);
    console.setEncoder(name.equals("TEXT") ? textEncoder(context) : jsonEncoder(context));
    console.start();
    QUIET_LOGGERS.forEach((logger, level) -> context.getLogger(logger).setLevel(level));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * One JSON object per line. MDC entries (request_id, user_id) and SLF4J key-value pairs (the access line's method,
   * route, status, duration_ms) become top-level fields.
   */
  static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
    LoggingEventFormattedTimestampJsonProvider timestamp = new LoggingEventFormattedTimestampJsonProvider();
    timestamp.setFieldName("timestamp");
    timestamp.setPattern(TIMESTAMP_PATTERN);
    timestamp.setTimeZone("UTC");
    providers.addTimestamp(timestamp);
    LogLevelJsonProvider level = new LogLevelJsonProvider();
    level.setFieldName("level");
    providers.addLogLevel(level);
    LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
    logger.setFieldName("logger");
    providers.addLoggerName(logger);
    LoggingEventThreadNameJsonProvider thread = new LoggingEventThreadNameJsonProvider();
    thread.setFieldName("thread");
    providers.addThreadName(thread);
    providers.addMessage(new MessageJsonProvider());
    providers.addMdc(new MdcJsonProvider());
    providers.addKeyValuePairs(new KeyValuePairsJsonProvider());
    StackTraceJsonProvider stackTrace = new StackTraceJsonProvider();
    stackTrace.setFieldName("stack_trace");
    providers.addStackTrace(stackTrace);
    LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
    encoder.setContext(context);
    encoder.setProviders(providers);
    encoder.start();
    return encoder;
  }

  /** For people at a terminal: {@code LOG_FORMAT=text}. */
  static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }
}
