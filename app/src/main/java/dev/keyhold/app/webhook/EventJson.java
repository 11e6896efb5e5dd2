package dev.keyhold.app.webhook;

import dev.keyhold.identity.model.event.IdentityEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Locale;

/**
 * An event as a webhook's body: {@code {"id","type","timestamp","data":{...}}}, where {@code data} holds every other
 * component of the event's record under its name in snake_case. Built from the record's components, so a new event
 * type needs no code here. Typed ids (records of one component) are written as their value, instants in ISO-8601,
 * booleans and numbers as such, {@code null} as null, anything else as its string.
 */
public final class EventJson {

  private EventJson() {}

  public static String of(IdentityEvent event) {
    StringBuilder json = new StringBuilder("{\"id\":");
    string(json, event.id().toString());
    json.append(",\"type\":");
    string(json, event.type());
    json.append(",\"timestamp\":");
    string(json, event.at().toString());
    json.append(",\"data\":{");
    boolean first = true;
    for (RecordComponent component : event.getClass().getRecordComponents()) {
      String name = component.getName();
      if (name.equals("id") || name.equals("at")) {
        continue;
      }
      if (!first) {
        json.append(',');
      }
      first = false;
      string(json, snakeCase(name));
      json.append(':');
      value(json, read(component, event));
    }
    return json.append("}}").toString();
  }

  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static void value(StringBuilder json, Object value) {
    if (value == null) {
      json.append("null");
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      json.append(value);
    } else if (value instanceof Instant || value instanceof CharSequence || value instanceof Enum<?>) {
      string(json, value.toString());
    } else if (value instanceof Record record && record.getClass().getRecordComponents().length == 1) {
      value(json, read(record.getClass().getRecordComponents()[0], record));
    } else {
      string(json, value.toString());
    }
  }

  private static Object read(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }

  private static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
