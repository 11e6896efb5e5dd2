package dev.keyhold.adapter.jdbi;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.argument.Argument;

/**
 * Conversions between Java values and PostgreSQL columns that must not depend on the JVM's or the session's time
 * zone: an {@link Instant} travels as an {@link OffsetDateTime} in UTC to and from {@code timestamptz}, which keeps
 * every microsecond.
 */
final class Columns {

  private Columns() {}

  /** {@code instant} as a {@code timestamptz} argument; {@code null} binds SQL NULL. */
  static Argument timestamptz(Instant instant) {
    return (position, statement, context) -> {
      if (instant == null) {
        statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        statement.setObject(position, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC),
            Types.TIMESTAMP_WITH_TIMEZONE);
      }
    };
  }

  /** {@code values} as a {@code text[]} argument. */
  static Argument textArray(List<String> values) {
    return (position, statement, context) ->
        statement.setArray(position, statement.getConnection().createArrayOf("text", values.toArray()));
  }

  /** The {@code timestamptz} column {@code column} as an instant, or {@code null}. */
  static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** The {@code uuid} column {@code column}, or {@code null}. */
  static UUID uuid(ResultSet row, String column) throws SQLException {
    return row.getObject(column, UUID.class);
  }

  /** The {@code text[]} column {@code column} as a list; an SQL NULL reads as an empty list. */
  static List<String> textList(ResultSet row, String column) throws SQLException {
    Array array = row.getArray(column);
    if (array == null) {
      return List.of();
    }
    try {
      return List.of((String[]) array.getArray());
    } finally {
      array.free();
    }
  }

  /** An enum constant as the lower-case text the schema stores. */
  static String code(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The enum constant stored as {@code code}. */
  static <E extends Enum<E>> E fromCode(Class<E> type, String code) {
    return Enum.valueOf(type, code.toUpperCase(Locale.ROOT));
  }
}
