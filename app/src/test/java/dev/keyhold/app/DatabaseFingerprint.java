package dev.keyhold.app;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A digest of every row of every table of the server's database but those left out, table by table, in one query: two
 * fingerprints that differ name the tables whose contents changed. The tables are read from the catalog once, so a
 * table a later migration adds is covered without editing this.
 */
final class DatabaseFingerprint {

  private final Connection connection;
  private final String query;

  /** Fingerprints every table of the connection's schema but {@code leftOut}, which may change as they will. */
  DatabaseFingerprint(Connection connection, Set<String> leftOut) throws SQLException {
    this.connection = connection;
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables "
            + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    if (!tables.containsAll(leftOut)) {
      throw new IllegalStateException("no tables " + leftOut + " to leave out among " + tables);
    }
    tables.removeAll(leftOut);
    if (tables.size() < 10) {
      throw new IllegalStateException("expected Keyhold's schema, found tables " + tables);
    }
    StringBuilder sql = new StringBuilder();
    for (String table : tables) {
      if (sql.length() > 0) {
        sql.append(" UNION ALL ");
      }
      sql.append("SELECT '").append(table).append("', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
          + " FROM \"").append(table).append("\" t");
    }
    this.query = sql.toString();
  }

  /** Each table's row count and digest, by table name. */
  Map<String, String> take() {
    Map<String, String> digests = new TreeMap<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        digests.put(rows.getString(1), rows.getLong(2) + ":" + rows.getString(3));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return digests;
  }

  /** The tables whose contents differ between two fingerprints. */
  static Set<String> changed(Map<String, String> before, Map<String, String> after) {
    Set<String> tables = new TreeSet<>();
    before.forEach((table, digest) -> {
      if (!digest.equals(after.get(table))) {
        tables.add(table);
      }
    });
    return tables;
  }
}
