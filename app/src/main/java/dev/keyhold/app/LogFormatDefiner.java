package dev.keyhold.app;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * Chooses the appender of {@code logback.xml} from {@code LOG_FORMAT}: {@code text} for the text appender, anything
 * else for JSON. Logback starts before the configuration is read, so it reads the variable itself; a wrong value
 * still logs (as JSON), and {@link Config} then reports it and stops start-up.
 */
public final class LogFormatDefiner extends PropertyDefinerBase {

  static final String VARIABLE = "LOG_FORMAT";

  @Override
  public String getPropertyValue() {
    return appender(System.getenv(VARIABLE));
  }

  /** The appender's name for a value of {@code LOG_FORMAT}, which may be {@code null}. */
  static String appender(String value) {
    try {
      return value != null && Config.LogFormat.parse(value) == Config.LogFormat.TEXT ? "TEXT" : "JSON";
    } catch (IllegalArgumentException e) {
      return "JSON";
    }
  }
}
