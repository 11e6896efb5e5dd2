package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.error.ValidationException.Violation;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A strict reading of a query string, collecting every problem before reporting them at once as a
 * {@link ValidationException} from {@link #done()}: a parameter given twice, one the endpoint does not know, and
 * malformed percent-encoding are refused; a parameter with an empty value counts as absent. (Javalin's own query map
 * silently drops pairs it cannot decode, so this reads the raw query string.)
 */
final class QueryParameters {

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,10}");
  /** RFC 3339 {@code date-time}: seconds required, a fraction of 1 to 9 digits, {@code Z} or an offset. */
  private static final Pattern RFC_3339 = Pattern.compile(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})");

  private final Map<String, String> params = new HashMap<>();
  private final Set<String> refused = new HashSet<>();
  private final List<Violation> violations = new ArrayList<>();

  QueryParameters(Context ctx, Set<String> known) {
    String query = ctx.queryString();
    if (query == null) {
      return;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (name == null || value == null) {
        report(name, "malformed", "This query parameter is not correctly percent-encoded.");
      } else if (!known.contains(name)) {
        report(name, "unknown_field", "This query parameter is not accepted here.");
      } else if (params.containsKey(name)) {
        report(name, "repeated", "This query parameter must not be repeated.");
      } else {
        params.put(name, value);
      }
    }
    params.keySet().removeAll(refused);
  }

  /**
   * For a route that takes no query parameters: refuses any (as {@code unknown_field}, or {@code malformed}), as the
   * strict routes do, so that a parameter a client believes does something is never silently ignored.
   */
  static void none(Context ctx) {
    if (ctx.queryString() != null) {
      new QueryParameters(ctx, Set.of()).done();
    }
  }

  /** The value, or {@code null} when absent, empty or refused. */
  String text(String name) {
    String value = params.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** An integer from {@code min} to {@code max}, or {@code absent} when the parameter is not given. */
  int integer(String name, int absent, int min, int max) {
    String text = text(name);
    if (text == null) {
      return absent;
    }
    if (!INTEGER.matcher(text).matches()) {
      violations.add(new Violation(name, "invalid_type", "Must be an integer."));
      return absent;
    }
    long value = Long.parseLong(text);
    if (value < min || value > max) {
      violations.add(new Violation(name, "out_of_range", "Must be from " + min + " to " + max + "."));
      return absent;
    }
    return (int) value;
  }

  /**
   * A UUID in its canonical form (either case), or {@code null} when absent; anything else is reported as
   * {@code invalid_id}.
   */
  UUID uuid(String name) {
    String text = text(name);
    if (text == null) {
      return null;
    }
    UUID id = Callers.canonicalUuid(text);
    if (id == null) {
      violations.add(new Violation(name, "invalid_id", "Must be an id (a UUID)."));
    }
    return id;
  }

  /**
   * An RFC 3339 date-time ({@code 2025-01-02T03:04:05Z}, {@code 2025-01-02T04:04:05.5+01:00}), or {@code null} when
   * absent; anything else is reported as {@code invalid_timestamp}. A {@code +} in an offset must be sent
   * percent-encoded ({@code %2B}), as a bare one means a space in a query string.
   */
  Instant instant(String name) {
    String text = text(name);
    if (text == null) {
      return null;
    }
    if (RFC_3339.matcher(text).matches()) {
      try {
        return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant();
      } catch (DateTimeParseException e) {
        // a well-formed shape with an impossible value, such as month 13: reported below
      }
    }
    violations.add(new Violation(name, "invalid_timestamp",
        "Must be an RFC 3339 date and time, such as 2025-01-02T03:04:05Z."));
    return null;
  }

  /**
   * The value when it matches {@code pattern} (whole), or {@code null} when absent; anything else is reported as
   * {@code invalid_value} with {@code message}.
   */
  String matching(String name, Pattern pattern, String message) {
    String text = text(name);
    if (text == null || pattern.matcher(text).matches()) {
      return text;
    }
    violations.add(new Violation(name, "invalid_value", message));
    return null;
  }

  /** The constant of {@code type} whose lower-case name is the value, or {@code null} when absent. */
  <E extends Enum<E>> E oneOf(String name, Class<E> type) {
    String text = text(name);
    if (text == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      String lower = constant.name().toLowerCase(Locale.ROOT);
      if (lower.equals(text)) {
        return constant;
      }
      names.add(lower);
    }
    violations.add(new Violation(name, "invalid_value", "Must be one of " + String.join(", ", names) + "."));
    return null;
  }

  /** One violation per parameter, naming it only when its name is plain (never echoing arbitrary input). */
  private void report(String name, String code, String message) {
    String field = name != null && PLAIN_NAME.matcher(name).matches() ? name : "";
    if (name == null || refused.add(name)) {
      violations.add(new Violation(field, code, message));
    }
  }

  private static String decode(String text) {
    try {
      return UrlDecoding.decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** @throws ValidationException listing every problem found while reading */
  void done() {
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }
}
