package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.w3c.dom.Element;

/**
 * The logging set up in code ({@link LogConfiguration}) against {@code logback.xml}, which stays in the jar as the
 * starting point for an operator's own file: both write the same bytes for the same event, and quiet the same
 * loggers.
 */
class LogConfigurationTest {

  @Test
  void logback_finds_the_configuration_in_code() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
        .contains(LogConfiguration.class);
  }

  @Test
  void json_lines_are_byte_for_byte_those_of_logback_xml() throws Exception {
    LoggerContext fromXml = fromLogbackXml();
    LoggerContext inCode = new LoggerContext();
    new LogConfiguration().configure(inCode);

    Encoder<ILoggingEvent> xmlEncoder = encoder(fromXml, "JSON");
    Encoder<ILoggingEvent> codeEncoder = encoder(inCode, "JSON");
    for (ILoggingEvent event : List.of(
        event(inCode, Level.INFO, "Keyhold listening on {}:{}", null, "127.0.0.1", 8080),
        event(inCode, Level.ERROR, "Request failed", new IllegalStateException("boom")))) {
      String line = new String(codeEncoder.encode(event), StandardCharsets.UTF_8);
      assertThat(line).isEqualTo(new String(xmlEncoder.encode(event), StandardCharsets.UTF_8));
      assertThat(line).contains("\"timestamp\":\"2026-12-07T10:11:12.345Z\"", "\"level\":\"",
          "\"logger\":\"keyhold.access\"", "\"thread\":\"main\"", "\"request_id\":\"r-1\"", "\"status\":200");
    }
    assertThat(new String(codeEncoder.encode(event(inCode, Level.ERROR, "Request failed",
        new IllegalStateException("boom"))), StandardCharsets.UTF_8)).contains("\"stack_trace\":\"java.lang");
  }

  @Test
  void text_lines_use_the_pattern_of_logback_xml_and_the_same_loggers_are_quiet() throws Exception {
    Map<String, String> patterns = new java.util.HashMap<>();
    Map<String, Level> levels = new java.util.HashMap<>();
    try (InputStream xml = logbackXml().openStream()) {
      org.w3c.dom.Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml);
      var appenders = document.getElementsByTagName("appender");
      for (int i = 0; i < appenders.getLength(); i++) {
        Element appender = (Element) appenders.item(i);
        var pattern = appender.getElementsByTagName("pattern");
        if (appender.getElementsByTagName("encoder").getLength() > 0 && pattern.getLength() > 0
            && appender.getElementsByTagName("providers").getLength() == 0) {
          patterns.put(appender.getAttribute("name"), pattern.item(0).getTextContent().trim());
        }
      }
      var loggers = document.getElementsByTagName("logger");
      for (int i = 0; i < loggers.getLength(); i++) {
        Element logger = (Element) loggers.item(i);
        levels.put(logger.getAttribute("name"), Level.toLevel(logger.getAttribute("level")));
      }
    }

    assertThat(patterns).containsExactly(Map.entry("TEXT", LogConfiguration.TEXT_PATTERN));
    assertThat(levels).isEqualTo(LogConfiguration.QUIET_LOGGERS);
  }

  @Test
  void an_operators_own_file_wins_over_the_configuration_in_code() {
    String previous = System.setProperty("logback.configurationFile", "/etc/keyhold/logback.xml");
    try {
      LoggerContext context = new LoggerContext();

      assertThat(new LogConfiguration().configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    } finally {
      if (previous == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", previous);
      }
    }
  }

  private static LoggingEvent event(LoggerContext context, Level level, String message, Throwable failure,
      Object... arguments) {
    Logger logger = context.getLogger("keyhold.access");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, failure, arguments);
    event.setInstant(Instant.parse("2026-12-07T10:11:12.345Z"));
    event.setThreadName("main");
    event.setMDCPropertyMap(Map.of("request_id", "r-1", "user_id", "u-1"));
    event.addKeyValuePair(new KeyValuePair("status", 200));
    return event;
  }

  private static LoggerContext fromLogbackXml() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(context);
    joran.doConfigure(logbackXml());
    return context;
  }

  private static URL logbackXml() {
    return LogConfiguration.class.getClassLoader().getResource("logback.xml");
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String appender) {
    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(appender);
    assertThat(console).as(appender + " appender").isNotNull();
    return console.getEncoder();
  }
}
