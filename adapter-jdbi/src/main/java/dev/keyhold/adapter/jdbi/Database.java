package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.error.StoreUnavailableException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs the repositories' statements and translates every failure in one place: a unique violation goes to the
 * caller's {@link UniqueViolation} handler, when it gave one; anything else the driver, the pool or Jdbi throws
 * becomes a {@link StoreUnavailableException}, never an empty answer. Exceptions the work itself throws (such as an
 * {@link IllegalArgumentException}) pass through unchanged; a transaction is rolled back first.
 */
final class Database {

  private static final String UNIQUE_VIOLATION = "23505";

  private final Jdbi jdbi;

  Database(DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
    // The default message lists every bound argument, which includes password and token hashes.
    jdbi.getConfig(StatementExceptions.class).setMessageRendering(Database::withoutArguments);
  }

  /**
   * What to do when a statement breaks a unique constraint or index: return the answer for the caller, or throw the
   * domain's exception.
   */
  @FunctionalInterface
  interface UniqueViolation<T> {

    /** @param constraint the name of the violated constraint or unique index, or {@code null} when unknown */
    T resolve(String constraint);

    /** Any unique violation means the caller tried to store a duplicate: {@link IllegalStateException}. */
    static <T> UniqueViolation<T> duplicate(String what) {
      return constraint -> {
        throw new IllegalStateException(what + " already exists");
      };
    }
  }

  /** Runs {@code work} on one connection in auto-commit mode. */
  <T> T call(String operation, HandleCallback<T, SQLException> work) {
    return call(operation, work, null);
  }

  /** Runs {@code work} on one connection in auto-commit mode, resolving unique violations with {@code onUnique}. */
  <T> T call(String operation, HandleCallback<T, SQLException> work, UniqueViolation<T> onUnique) {
    return translated(operation, () -> jdbi.withHandle(work), onUnique);
  }

  /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
  <T> T transaction(String operation, HandleCallback<T, SQLException> work) {
    return transaction(operation, work, null);
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws, resolving unique
   * violations with {@code onUnique}.
   */
  <T> T transaction(String operation, HandleCallback<T, SQLException> work, UniqueViolation<T> onUnique) {
    return translated(operation, () -> jdbi.inTransaction(work), onUnique);
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private static <T> T translated(String operation, Work<T> work, UniqueViolation<T> onUnique) {
    try {
      return work.run();
    } catch (JdbiException | SQLException e) {
      SQLException cause = sqlCause(e);
      if (onUnique != null && cause != null && UNIQUE_VIOLATION.equals(cause.getSQLState())) {
        return onUnique.resolve(constraintOf(cause));
      }
      throw unavailable(operation, e);
    }
  }

  /** The exception for a failure of {@code operation}; the message names the operation, never a value. */
  static StoreUnavailableException unavailable(String operation, Throwable cause) {
    return new StoreUnavailableException("PostgreSQL could not " + operation + ".", cause);
  }

  /** The first {@link SQLException} in {@code failure}'s cause chain, or {@code null}. */
  static SQLException sqlCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String constraintOf(SQLException e) {
    if (e instanceof PSQLException psql) {
      ServerErrorMessage message = psql.getServerErrorMessage();
      return message == null ? null : message.getConstraint();
    }
    return null;
  }

  private static String withoutArguments(StatementException e) {
    String message = e.getShortMessage();
    if (e.getStatementContext() == null || e.getStatementContext().getRenderedSql() == null) {
      return message;
    }
    return message + " [statement: \"" + e.getStatementContext().getRenderedSql() + "\"]";
  }
}
