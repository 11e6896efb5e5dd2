package dev.keyhold.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Everything logged while it is open, as the server writes it: each event rendered by the encoder of the
 * {@code JSON} appender that {@code logback.xml} configures (the default {@code LOG_FORMAT}), so MDC entries,
 * key-value pairs and stack traces are part of what a test sees. Optionally lowers logger levels while open, and puts
 * them back on {@link #close()}.
 */
final class LogCapture implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Encoder<ILoggingEvent> encoder;
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }
  };

  private LogCapture(Map<String, Level> levels) {
    this.encoder = jsonEncoder();
    LoggerContext context = root.getLoggerContext();
    levels.forEach((name, level) -> {
      Logger logger = context.getLogger(name);
      previousLevels.put(logger, logger.getLevel());
      logger.setLevel(level);
    });
    appender.setContext(context);
    appender.setName("test-capture");
    appender.start();
    root.addAppender(appender);
  }

  /** Starts capturing at the configured levels. */
  static LogCapture start() {
    return new LogCapture(Map.of());
  }

  /** Starts capturing, with these loggers (and their children) at these levels until closed. */
  static LogCapture start(Map<String, Level> levels) {
    return new LogCapture(levels);
  }

  @SuppressWarnings("unchecked")
  private Encoder<ILoggingEvent> jsonEncoder() {
    Appender<ILoggingEvent> json = root.getAppender("JSON");
    if (!(json instanceof OutputStreamAppender<ILoggingEvent> output)) {
      throw new IllegalStateException("logback.xml's JSON appender is not active; run the tests without LOG_FORMAT");
    }
    return output.getEncoder();
  }

  List<ILoggingEvent> events() {
    return List.copyOf(events);
  }

  /** Each captured event as the JSON appender writes it. */
  String rendered() {
    StringBuilder out = new StringBuilder();
    for (ILoggingEvent event : events) {
      out.append(render(event));
    }
    return out.toString();
  }

  /** {@link #rendered()}, parsed: one JSON object per line. */
  List<JsonNode> lines() {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : rendered().split("\n")) {
      try {
        lines.add(JSON.readTree(line));
      } catch (IOException e) {
        throw new UncheckedIOException("not one JSON object: " + line, e);
      }
    }
    return lines;
  }

  String render(ILoggingEvent event) {
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    previousLevels.forEach(Logger::setLevel);
  }
}
